package io.skywire.core.crypto.noise;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

import io.skywire.core.crypto.InvalidKeyException;
import io.skywire.core.crypto.KeyPair;
import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.Secp256k1;

/**
 * One side of a dmsg Noise handshake ({@link NoisePattern#XK} or {@link NoisePattern#KK}, suite
 * {@code Secp256k1_ChaChaPoly_SHA256}, empty prologue, empty payloads), byte-compatible with Go dmsg.
 *
 * <p>Use: the initiator calls {@link #writeMessage()}, the responder {@link #readMessage(byte[])}, and so on
 * alternately until {@link #isComplete()}; then {@link #split()} gives the transport ciphers. Messages are raw (49 or
 * 65 bytes); on XK sessions they travel with a 2-byte length prefix ({@link LengthPrefix}), on KK streams inside the
 * stream request/response objects.
 *
 * <p>Peer errors (wrong length, bad tag, invalid curve point) throw {@link NoiseException}, after which this
 * handshake is dead. Calls out of turn (reading when it is our turn to write, anything after completion or failure)
 * throw {@link IllegalStateException}. Not thread-safe.
 */
public final class NoiseHandshake {
    private enum Token { E, S, EE, ES, SE, SS }

    private static final Token[][] XK_MESSAGES = {
        {Token.E, Token.ES},
        {Token.E, Token.EE},
        {Token.S, Token.SE},
    };
    private static final Token[][] KK_MESSAGES = {
        {Token.E, Token.ES, Token.SS},
        {Token.E, Token.EE, Token.SE},
    };
    private static final byte[] EMPTY = new byte[0];

    private final NoisePattern pattern;
    private final Token[][] messages;
    private final boolean initiator;
    private final KeyPair s;
    private PubKey rs;
    private KeyPair e;
    private PubKey re;
    private KeyPair fixedEphemeral;

    // Symmetric state.
    private byte[] ck;
    private byte[] h;
    private byte[] k; // null until the first MixKey
    private long n;

    private int msgIdx;
    private boolean wroteLast;
    private String failure; // non-null once dead
    private boolean splitDone;

    private NoiseHandshake(NoisePattern pattern, boolean initiator, KeyPair localStatic, PubKey remoteStatic) {
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        this.messages = pattern == NoisePattern.XK ? XK_MESSAGES : KK_MESSAGES;
        this.initiator = initiator;
        this.s = Objects.requireNonNull(localStatic, "localStatic");
        if (remoteStatic != null && remoteStatic.isNull()) {
            throw new InvalidKeyException("the remote static key is the null key (all zeros); a real peer key is needed");
        }
        this.rs = remoteStatic;

        // InitializeSymmetric: the name is 36 bytes (> HASHLEN), so h = SHA256(name); ck = h.
        h = Secp256k1.sha256(pattern.protocolName().getBytes(StandardCharsets.US_ASCII));
        ck = h.clone();
        mixHash(EMPTY); // empty prologue
        // Pre-messages: KK has "-> s" and "<- s"; XK has "<- s" only.
        if (pattern == NoisePattern.KK) {
            mixHash((initiator ? s.pk() : rs).bytes());
        }
        mixHash((initiator ? rs : s.pk()).bytes());
    }

    /** XK initiator (dmsg client dialling a server): needs the server's static key from discovery. */
    public static NoiseHandshake xkInitiator(KeyPair localStatic, PubKey serverStatic) {
        return new NoiseHandshake(NoisePattern.XK, true, localStatic, Objects.requireNonNull(serverStatic, "serverStatic"));
    }

    /** XK responder (dmsg server accepting a client): learns the client's static key from message 3. */
    public static NoiseHandshake xkResponder(KeyPair localStatic) {
        return new NoiseHandshake(NoisePattern.XK, false, localStatic, null);
    }

    /** KK initiator (the client opening a stream): both static keys are known. */
    public static NoiseHandshake kkInitiator(KeyPair localStatic, PubKey remoteStatic) {
        return new NoiseHandshake(NoisePattern.KK, true, localStatic, Objects.requireNonNull(remoteStatic, "remoteStatic"));
    }

    /** KK responder (the client accepting a stream): both static keys are known. */
    public static NoiseHandshake kkResponder(KeyPair localStatic, PubKey remoteStatic) {
        return new NoiseHandshake(NoisePattern.KK, false, localStatic, Objects.requireNonNull(remoteStatic, "remoteStatic"));
    }

    /**
     * FOR TESTS ONLY (reproducing test vectors): use {@code ephemeral} instead of a fresh random ephemeral key. A
     * fixed ephemeral key destroys forward secrecy and, reused, the confidentiality of the session.
     *
     * @return this
     * @throws IllegalStateException if the ephemeral key was already generated
     */
    public NoiseHandshake useFixedEphemeralForTesting(KeyPair ephemeral) {
        Objects.requireNonNull(ephemeral, "ephemeral");
        if (e != null) {
            throw new IllegalStateException("the ephemeral key was already generated; set the fixed one before the first write");
        }
        fixedEphemeral = ephemeral;
        return this;
    }

    public NoisePattern pattern() {
        return pattern;
    }

    public boolean isInitiator() {
        return initiator;
    }

    /** Whether all messages were written and read successfully. */
    public boolean isComplete() {
        return failure == null && msgIdx == messages.length;
    }

    /** Whether an earlier {@link #readMessage} failed; the handshake cannot continue then. */
    public boolean isFailed() {
        return failure != null;
    }

    /** Whether the next step is {@link #writeMessage()} (false: {@link #readMessage} or nothing left). */
    public boolean isWriteTurn() {
        return failure == null && msgIdx < messages.length && ((msgIdx % 2 == 0) == initiator);
    }

    /**
     * The exact length of the next message to write or read (without length prefix).
     *
     * @throws IllegalStateException if the handshake is complete or failed
     */
    public int nextMessageLength() {
        checkAlive();
        return pattern.messageLength(msgIdx);
    }

    public PubKey localStatic() {
        return s.pk();
    }

    /** The peer's static key: known from the start except for the XK responder, which learns it from message 3 (null before). */
    public PubKey remoteStatic() {
        return rs;
    }

    /** The handshake hash h (a copy); after completion, Go's {@code ChannelBinding()}. */
    public byte[] handshakeHash() {
        return h.clone();
    }

    /**
     * Writes the next handshake message (raw, without length prefix).
     *
     * @throws IllegalStateException if it is not our turn to write, or the handshake is complete or failed
     */
    public byte[] writeMessage() {
        checkAlive();
        if (!isWriteTurn()) {
            throw new IllegalStateException(pattern + " " + role() + ": it is the peer's turn to send message "
                    + (msgIdx + 1) + "; call readMessage");
        }
        byte[] out = new byte[pattern.messageLength(msgIdx)];
        int pos = 0;
        for (Token t : messages[msgIdx]) {
            switch (t) {
                case E -> {
                    e = fixedEphemeral != null ? fixedEphemeral : KeyPair.generate();
                    byte[] epub = e.pk().bytes();
                    System.arraycopy(epub, 0, out, pos, epub.length);
                    pos += epub.length;
                    mixHash(epub);
                }
                case S -> {
                    byte[] c = encryptAndHash(s.pk().bytes());
                    System.arraycopy(c, 0, out, pos, c.length);
                    pos += c.length;
                }
                default -> mixKey(dhFor(t));
            }
        }
        byte[] tag = encryptAndHash(EMPTY);
        System.arraycopy(tag, 0, out, pos, tag.length);
        pos += tag.length;
        if (pos != out.length) {
            throw new IllegalStateException("internal error: wrote " + pos + " bytes, expected " + out.length);
        }
        msgIdx++;
        if (msgIdx == messages.length) {
            wroteLast = true;
        }
        return out;
    }

    /**
     * Reads the peer's next handshake message (raw, without length prefix).
     *
     * @throws NoiseException if the message has the wrong length, carries an invalid curve point or fails
     *         authentication; the handshake is dead afterwards
     * @throws IllegalStateException if it is our turn to write, or the handshake is complete or failed
     */
    public void readMessage(byte[] message) throws NoiseException {
        Objects.requireNonNull(message, "message");
        checkAlive();
        if (isWriteTurn()) {
            throw new IllegalStateException(pattern + " " + role() + ": it is our turn to send message "
                    + (msgIdx + 1) + "; call writeMessage");
        }
        String what = "noise " + pattern + " message " + (msgIdx + 1) + " (" + (initiator ? "responder->initiator" : "initiator->responder") + ")";
        int expected = pattern.messageLength(msgIdx);
        if (message.length != expected) {
            throw fail(what + " must be " + expected + " bytes, got " + message.length);
        }
        int pos = 0;
        for (Token t : messages[msgIdx]) {
            switch (t) {
                case E -> {
                    byte[] epub = Arrays.copyOfRange(message, pos, pos + Primitives.DH_LEN);
                    pos += Primitives.DH_LEN;
                    re = parseKey(epub, what, "ephemeral");
                    mixHash(epub);
                }
                case S -> {
                    int len = Primitives.DH_LEN + (k != null ? Primitives.TAG_LEN : 0);
                    byte[] c = Arrays.copyOfRange(message, pos, pos + len);
                    pos += len;
                    byte[] spub = decryptAndHash(c, what + ": encrypted static key", "");
                    rs = parseKey(spub, what, "static");
                }
                default -> mixKey(dhFor(t));
            }
        }
        String hint = pattern == NoisePattern.KK ? "; do both sides expect each other's actual static keys?"
                : msgIdx == 0 ? "; did the initiator use this server's static key?" : "";
        decryptAndHash(Arrays.copyOfRange(message, pos, message.length), what, hint);
        msgIdx++;
    }

    /**
     * The transport ciphers, with dmsg's direction rule: the party that wrote the last handshake message decrypts
     * with k1 and encrypts with k2; the party that read it encrypts with k1 and decrypts with k2. (On XK the
     * initiator thus sends with k2, the reverse of the Noise specification; on KK it sends with k1, as specified.)
     * May be called once; the handshake's secrets are wiped afterwards.
     *
     * @throws IllegalStateException if the handshake is not complete or was already split
     */
    public NoiseFrames split() {
        if (!isComplete()) {
            throw new IllegalStateException(pattern + " " + role() + ": cannot split before the handshake is complete"
                    + (failure != null ? " (it failed: " + failure + ")" : " (message " + (msgIdx + 1) + " is next)"));
        }
        if (splitDone) {
            throw new IllegalStateException(pattern + " " + role() + ": split() was already called; "
                    + "a second pair of ciphers with the same keys would reuse nonces");
        }
        splitDone = true;
        byte[][] keys = Primitives.hkdf2(ck, EMPTY);
        byte[] k1 = keys[0];
        byte[] k2 = keys[1];
        NoiseFrames frames = wroteLast ? new NoiseFrames(k2, k1) : new NoiseFrames(k1, k2);
        Arrays.fill(k1, (byte) 0);
        Arrays.fill(k2, (byte) 0);
        Arrays.fill(ck, (byte) 0);
        if (k != null) {
            Arrays.fill(k, (byte) 0);
        }
        return frames;
    }

    private String role() {
        return initiator ? "initiator" : "responder";
    }

    private void checkAlive() {
        if (failure != null) {
            throw new IllegalStateException(pattern + " " + role() + ": the handshake already failed (" + failure + ")");
        }
        if (msgIdx >= messages.length) {
            throw new IllegalStateException(pattern + " " + role() + ": the handshake is complete; no messages are left");
        }
    }

    private NoiseException fail(String message) {
        failure = message;
        return new NoiseException(message);
    }

    private PubKey parseKey(byte[] b, String what, String which) throws NoiseException {
        try {
            return PubKey.fromBytes(b);
        } catch (InvalidKeyException ex) {
            throw fail(what + ": " + which + " key is not a valid secp256k1 point: " + ex.getMessage());
        }
    }

    private byte[] dhFor(Token t) {
        return switch (t) {
            case EE -> Primitives.dh(e, re);
            case ES -> initiator ? Primitives.dh(e, rs) : Primitives.dh(s, re);
            case SE -> initiator ? Primitives.dh(s, re) : Primitives.dh(e, rs);
            case SS -> Primitives.dh(s, rs);
            default -> throw new IllegalArgumentException(t.name());
        };
    }

    private void mixHash(byte[] data) {
        h = Secp256k1.sha256(h, data);
    }

    private void mixKey(byte[] dhOutput) {
        byte[][] out = Primitives.hkdf2(ck, dhOutput);
        Arrays.fill(dhOutput, (byte) 0);
        Arrays.fill(ck, (byte) 0);
        if (k != null) {
            Arrays.fill(k, (byte) 0);
        }
        ck = out[0];
        k = out[1]; // HASHLEN = 32 = key length, no truncation needed
        n = 0;
    }

    private byte[] encryptAndHash(byte[] plaintext) {
        byte[] out;
        if (k == null) {
            out = plaintext.clone();
        } else {
            try {
                Cipher c = Primitives.newAead();
                c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, Primitives.KEY_ALG), Primitives.nonce(n));
                c.updateAAD(h);
                out = c.doFinal(plaintext);
            } catch (GeneralSecurityException ex) {
                throw new IllegalStateException("ChaCha20-Poly1305 encryption failed: " + ex.getMessage(), ex);
            }
            n++;
        }
        mixHash(out);
        return out;
    }

    private byte[] decryptAndHash(byte[] ciphertext, String what, String hint) throws NoiseException {
        byte[] out;
        if (k == null) {
            out = ciphertext.clone();
        } else {
            try {
                Cipher c = Primitives.newAead();
                c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(k, Primitives.KEY_ALG), Primitives.nonce(n));
                c.updateAAD(h);
                out = c.doFinal(ciphertext);
            } catch (AEADBadTagException ex) {
                throw fail(what + ": authentication failed (bad tag: wrong keys or a tampered message)" + hint);
            } catch (GeneralSecurityException ex) {
                throw fail(what + ": decryption failed: " + ex.getMessage());
            }
            n++;
        }
        mixHash(ciphertext);
        return out;
    }
}
