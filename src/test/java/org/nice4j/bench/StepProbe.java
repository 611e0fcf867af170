package org.nice4j.bench;
import ai.djl.engine.Engine; import ai.djl.ndarray.*; import ai.djl.ndarray.types.Shape; import ai.djl.training.GradientCollector;
import org.nice4j.model.*; import org.nice4j.train.*;
public class StepProbe { public static void main(String[] a) {
  try (FlowModel model = FlowModel.create(Presets.get("nice-mnist"), ai.djl.Device.cpu(), 0)) {
    Optimizer opt = new RmsPropMomentum(model.parameters(), 0.95, 100);
    float[] rows = new float[200*784]; for (int i=0;i<rows.length;i++) rows[i]=(float)Math.random();
    long tf=0,tb=0,to=0;
    for (int it=0; it<8; it++) {
      try (NDManager scope = model.manager().newSubManager()) {
        NDArray x = scope.create(rows, new Shape(200,784));
        long t0=System.nanoTime();
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
          NDArray nll = model.logProb(x).mean().neg(); nll.getFloat();
          long t1=System.nanoTime(); if(it>=3) tf+=t1-t0;
          gc.backward(nll);
          long t2=System.nanoTime(); if(it>=3) tb+=t2-t1;
        }
        long t3=System.nanoTime();
        opt.step(1e-4, 0.5);
        if(it>=3) to+=System.nanoTime()-t3;
      }
    }
    System.out.printf("fwd %.1f ms bwd %.1f ms opt %.1f ms  root arrays %d%n", tf/5e6, tb/5e6, to/5e6, model.manager().getManagedArrays().size());
  }
}}
