package dev.lightbox.dicom.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SharedWorkTest {

  @ParameterizedTest(name = "parallel={0}")
  @ValueSource(booleans = {false, true})
  void runsEveryTaskExactlyOnce(boolean parallel) throws CodecException {
    int n = 5_000;
    AtomicIntegerArray runs = new AtomicIntegerArray(n);
    SharedWork.run(n, parallel, "caller", () -> "helper", (w, i) -> runs.incrementAndGet(i));
    for (int i = 0; i < n; i++) {
      assertEquals(1, runs.get(i), "task " + i);
    }
  }

  @Test
  void eachWorkerUsesItsOwnState() throws CodecException {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    Object caller = new Object();
    SharedWork.run(2_000, true, caller, Object::new, (w, i) -> {
      seen.add(Thread.currentThread().getName() + "/" + System.identityHashCode(w));
      sleepMicros(50);
    });
    // One state per thread: never two threads on one state object.
    long threads = seen.stream().map(s -> s.substring(0, s.indexOf('/'))).distinct().count();
    assertEquals(threads, seen.size(), "states " + seen);
  }

  @RepeatedTest(20)
  void throwsTheFailureOfTheLowestTaskThatFailed() {
    CodecException e = assertThrows(CodecException.class, () -> SharedWork.run(400, true, 0,
        () -> 1, (w, i) -> {
          if (i >= 150 && i % 50 == 0) {
            throw new CodecException("test", i, "task failed");
          }
          sleepMicros(20);
        }));
    assertEquals(150, e.offset());
  }

  @Test
  void runtimeFailuresAndErrorsKeepTheirType() {
    assertThrows(IllegalStateException.class, () -> SharedWork.run(100, true, 0, () -> 1,
        (w, i) -> {
          if (i == 70) {
            throw new IllegalStateException("boom");
          }
        }));
    assertThrows(StackOverflowError.class, () -> SharedWork.run(100, true, 0, () -> 1,
        (w, i) -> {
          if (i == 3) {
            throw new StackOverflowError();
          }
        }));
  }

  @Test
  void anInterruptedCallerFinishesTheWorkAndKeepsTheInterrupt() throws CodecException {
    AtomicIntegerArray runs = new AtomicIntegerArray(200);
    Thread.currentThread().interrupt();
    try {
      SharedWork.run(200, true, 0, () -> 1, (w, i) -> runs.incrementAndGet(i));
      assertTrue(Thread.currentThread().isInterrupted(), "interrupt kept");
    } finally {
      Thread.interrupted();
    }
    for (int i = 0; i < 200; i++) {
      assertEquals(1, runs.get(i), "task " + i);
    }
  }

  private static void sleepMicros(long micros) {
    long end = System.nanoTime() + micros * 1000;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
