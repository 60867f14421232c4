package dev.lightbox.dicom.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The scratch pool's contract: exact lengths, its three bounds, oldest-first eviction. */
class ScratchArraysTest {
  private static final int MIB = 1 << 20;

  @Test
  void returnsAReleasedArrayOfExactlyTheLengthAsked() {
    ScratchArrays pool = new ScratchArrays();
    byte[] a = pool.bytes(MIB);
    pool.release(a);
    assertNotSame(a, pool.bytes(MIB + 1), "another length is a new array");
    assertSame(a, pool.bytes(MIB));
    assertEquals(0, pool.heldArrays());
    int[] i = pool.ints(MIB / 4);
    pool.release(i);
    assertNotSame(i, pool.bytes(MIB), "same byte size, other kind: not shared");
    assertSame(i, pool.ints(MIB / 4));
  }

  @Test
  void smallArraysAreNotPooled() {
    ScratchArrays pool = new ScratchArrays();
    byte[] small = pool.bytes(ScratchArrays.MIN_BYTES - 1);
    pool.release(small);
    assertEquals(0, pool.heldArrays());
    assertNotSame(small, pool.bytes(ScratchArrays.MIN_BYTES - 1));
  }

  @Test
  void keepsAtMostTwoArraysOfOneLength() {
    ScratchArrays pool = new ScratchArrays();
    byte[] a = new byte[MIB];
    byte[] b = new byte[MIB];
    byte[] c = new byte[MIB];
    pool.release(a);
    pool.release(b);
    pool.release(c);
    assertEquals(ScratchArrays.MAX_PER_LENGTH, pool.heldArrays());
    assertEquals(2L * MIB, pool.heldBytes());
  }

  @Test
  void arrayReleasedTwiceIsHeldOnce() {
    ScratchArrays pool = new ScratchArrays();
    byte[] a = new byte[MIB];
    pool.release(a);
    pool.release(a);
    assertEquals(1, pool.heldArrays());
    assertSame(a, pool.bytes(MIB));
    assertNotSame(a, pool.bytes(MIB), "two takers never share one array");
  }

  @Test
  void dropsTheArraysReleasedLongestAgoWhenSlotsOrBytesRunOut() {
    ScratchArrays pool = new ScratchArrays();
    List<byte[]> released = new ArrayList<>();
    for (int i = 0; i < ScratchArrays.SLOTS + 2; i++) {
      byte[] a = new byte[ScratchArrays.MIN_BYTES + i]; // all lengths differ
      released.add(a);
      pool.release(a);
    }
    assertEquals(ScratchArrays.SLOTS, pool.heldArrays());
    assertNotSame(released.get(0), pool.bytes(released.get(0).length), "oldest dropped");
    assertNotSame(released.get(1), pool.bytes(released.get(1).length), "oldest dropped");
    assertSame(released.get(2), pool.bytes(released.get(2).length));

    ScratchArrays bytes = new ScratchArrays();
    byte[] first = new byte[5 * MIB];
    byte[] second = new byte[5 * MIB + 1];
    byte[] third = new byte[5 * MIB + 2];
    bytes.release(first);
    bytes.release(second);
    bytes.release(third); // 15 MiB > 12 MiB: the first goes
    assertTrue(bytes.heldBytes() <= ScratchArrays.MAX_BYTES);
    assertEquals(2, bytes.heldArrays());
    assertNotSame(first, bytes.bytes(first.length));
    assertSame(third, bytes.bytes(third.length));

    ScratchArrays big = new ScratchArrays();
    big.release(new byte[(int) ScratchArrays.MAX_BYTES + 1]);
    assertEquals(0, big.heldArrays(), "larger than the whole pool: not kept");
  }

  @Test
  void concurrentTakersNeverShareAnArray() throws Exception {
    ScratchArrays pool = new ScratchArrays();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        byte id = (byte) (t + 1);
        results.add(threads.submit(() -> {
          int shared = 0;
          for (int i = 0; i < 5000; i++) {
            byte[] a = pool.bytes(MIB);
            a[0] = id;
            a[MIB - 1] = id;
            Thread.yield();
            if (a[0] != id || a[MIB - 1] != id) {
              shared++; // another thread wrote into the array this one holds
            }
            pool.release(a);
          }
          return shared;
        }));
      }
      for (Future<Integer> f : results) {
        assertEquals(0, f.get());
      }
      assertTrue(pool.heldArrays() <= ScratchArrays.MAX_PER_LENGTH);
    } finally {
      threads.shutdownNow();
    }
  }
}
