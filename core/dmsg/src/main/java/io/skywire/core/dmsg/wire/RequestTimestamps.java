package io.skywire.core.dmsg.wire;

import java.util.concurrent.atomic.AtomicLong;

public final class RequestTimestamps {
   private final boolean strict;
   private final AtomicLong last = new AtomicLong(0L);

   private RequestTimestamps(boolean strict) {
      this.strict = strict;
   }

   public static RequestTimestamps goCompatible() {
      return new RequestTimestamps(false);
   }

   public static RequestTimestamps strict() {
      return new RequestTimestamps(true);
   }

   public boolean isStrict() {
      return this.strict;
   }

   public long last() {
      return this.strict ? this.last.get() : 0L;
   }

   public void verify(SignedObject<StreamRequest> so) throws WireException {
      long previous = this.last();
      SignedObject.verifyRequest(so, previous);
      if (this.strict) {
         long ts = so.object().timestamp();

         long cur;
         do {
            cur = this.last.get();
            if (ts <= cur) {
               throw new WireException(301, "timestamp " + ts + " is not after " + cur);
            }
         } while (!this.last.compareAndSet(cur, ts));
      }
   }
}
