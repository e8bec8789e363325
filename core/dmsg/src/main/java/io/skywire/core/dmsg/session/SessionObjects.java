package io.skywire.core.dmsg.session;

import io.skywire.core.crypto.noise.NoiseException;
import io.skywire.core.crypto.noise.NoiseFrames;
import io.skywire.core.dmsg.yamux.YamuxStream;

import java.io.EOFException;
import java.io.IOException;

/**
 * Session objects (Go's {@code SessionCommon.readObject/writeObject}): one signed object per session-Noise frame,
 * {@code uint16 BE L || uint64 BE nonce || ciphertext+tag}; the plaintext is the signed object itself (no inner
 * length prefix), received with the ANY_NONCE rule. Go's reader takes any uint16 length; ours rejects bodies above
 * 4094 bytes (signed requests and responses are a few hundred bytes).
 */
final class SessionObjects {
    private SessionObjects() {
    }

    static void write(YamuxStream s, NoiseFrames keys, byte[] signedObject) throws IOException {
        byte[] frame = keys.encrypt(signedObject);
        s.write(frame, 0, frame.length);
    }

    static byte[] read(YamuxStream s, NoiseFrames keys) throws IOException {
        byte[] lb = new byte[2];
        readFully(s, lb);
        int len = ((lb[0] & 0xff) << 8) | (lb[1] & 0xff);
        if (len > NoiseFrames.MAX_LENGTH_VALUE || len < NoiseFrames.MIN_LENGTH_VALUE) {
            throw new DmsgException(370, "session object frame of " + len + " bytes");
        }
        byte[] body = new byte[len];
        readFully(s, body);
        try {
            return keys.decryptBody(body, 0, len, NoiseFrames.ReceiveMode.ANY_NONCE);
        } catch (NoiseException e) {
            throw new DmsgException(370, "cannot decrypt session object: " + e.getMessage());
        }
    }

    /**
     * Gives up on a stream. This is a FIN plus a local read-close rather than a RST: with the current yamux
     * package a RST sent while the peer's FIN is being processed trips its "unexpected FIN flag in state RESET"
     * check, which ends the whole session. Switch back to {@code reset()} once yamux ignores that case.
     */
    static void abort(YamuxStream s) {
        s.close();
    }

    static void readFully(YamuxStream s, byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            int n = s.read(b, off, b.length - off);
            if (n < 0) {
                throw new EOFException("stream closed after " + off + " of " + b.length + " bytes");
            }
            off += n;
        }
    }
}
