package org.nice4j.bench;
import ai.djl.ndarray.*; import ai.djl.ndarray.types.Shape;
public class OpProbe { public static void main(String[] a) {
  try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
    NDArray p = m.randomUniform(-1,1,new Shape(19_000_000)); NDArray v = m.randomUniform(-1,1,new Shape(19_000_000));
    for (String op : new String[]{"addi","square","sqrt","maximum","div","muli","mul0","clip"}) {
      long best=Long.MAX_VALUE;
      for (int r=0;r<6;r++){ try (NDManager s = m.newSubManager()) { p.tempAttach(s); v.tempAttach(s);
        long t0=System.nanoTime();
        switch(op){case "addi"->p.addi(v); case "square"->v.square(); case "sqrt"->v.abs().sqrt(); case "maximum"->v.maximum(0.01f); case "div"->p.div(v); case "muli"->p.muli(1.0f); case "mul0"->v.mul(0.5f); case "clip"->v.clip(0.01f, Float.MAX_VALUE);}
        best=Math.min(best,System.nanoTime()-t0);} }
      System.out.printf("%s %.1f ms%n", op, best/1e6);
    }
  }
}}
