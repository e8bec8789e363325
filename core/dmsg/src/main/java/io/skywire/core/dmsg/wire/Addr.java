package io.skywire.core.dmsg.wire;

import io.skywire.core.crypto.PubKey;
import java.util.Objects;

public record Addr(PubKey pk, int port) {
   public static final int MAX_PORT = 65535;

   public Addr(PubKey pk, int port) {
      Objects.requireNonNull(pk, "pk");
      if (port >= 0 && port <= 65535) {
         this.pk = pk;
         this.port = port;
      } else {
         throw new IllegalArgumentException("dmsg port " + port + " out of range 0..65535");
      }
   }

   @Override
   public String toString() {
      return this.pk.hex() + ":" + (this.port == 0 ? "~" : Integer.toString(this.port));
   }
}
