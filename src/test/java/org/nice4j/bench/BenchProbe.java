package org.nice4j.bench;
public class BenchProbe { public static void main(String[] a) { System.out.println(new Benchmark("nice-mnist", ai.djl.Device.cpu(), 200, Integer.parseInt(a[0])).run().toJson()); } }
