package io.skywire.core.dmsg.wire;

import java.util.HexFormat;

import io.skywire.core.crypto.PubKey;
import io.skywire.core.crypto.SecKey;

/** The gob vectors of /work/shared/spec/dmsg.md, Appendix A (real Go libraries, dmsg develop 022283c9). */
final class Vectors {
    static final PubKey PK_A = PubKey.fromHex("0385b4a08246a1d7fa5f22841783eaf3caf3bbd89c5c2e1737eef4b2a7bba42205");
    static final SecKey SK_A = SecKey.fromHex("0b072dd42296a40806d3fbb999cca89ddc25f94c82096db0538d38e84aaa370e");
    static final PubKey PK_B = PubKey.fromHex("02748ddd65484df87738ffd550e320409719a298f4a2088037a91e0bf369b7345f");
    static final SecKey SK_B = SecKey.fromHex("801e672c3519fb0427ae7f9cb617a3dfc13268c98fd188d36104224d53b9be18");
    static final PubKey PK_S = PubKey.fromHex("03451e75a2a8b636631cdf7c3f7d5e4bd8459a1b306ef14af775ddb5b3c363377e");
    static final SecKey SK_S = SecKey.fromHex("7e21ad7df581f4b0bf860570e564afdfa1de7b7b44c032942b646b58bc4e28f4");

    static final long TS = 1700000000000000000L;

    /** StreamRequest{Timestamp:1700000000000000000, Src:A:49152, Dst:B:80, IPinfo:false, NoiseMsg:deadbeef} (247 B). */
    static final String REQ1 = "5bff810301010d53747265616d5265717565737401ff82000105010954696d657374616d7001040001075372634164647201"
            + "ff840001074473744164647201ff840001064950696e666f01020001084e6f6973654d7367010a00000023ff830301010441"
            + "64647201ff840001020102504b01ff86000104506f7274010600000012ff85060101065075624b657901ff8600000063ff82"
            + "01f82f2f39fc6c5400000101210385b4a08246a1d7fa5f22841783eaf3caf3bbd89c5c2e1737eef4b2a7bba4220501fec000"
            + "0001012102748ddd65484df87738ffd550e320409719a298f4a2088037a91e0bf369b7345f0150000204deadbeef00";

    /** StreamRequest{IPinfo:true, Dst:server:1, no NoiseMsg} (243 B). */
    static final String REQ2 = "5bff810301010d53747265616d5265717565737401ff82000105010954696d657374616d7001040001075372634164647201"
            + "ff840001074473744164647201ff840001064950696e666f01020001084e6f6973654d7367010a00000023ff830301010441"
            + "64647201ff840001020102504b01ff86000104506f7274010600000012ff85060101065075624b657901ff860000005fff82"
            + "01f82f2f39fc6c5400000101210385b4a08246a1d7fa5f22841783eaf3caf3bbd89c5c2e1737eef4b2a7bba4220501fec000"
            + "0001012103451e75a2a8b636631cdf7c3f7d5e4bd8459a1b306ef14af775ddb5b3c363377e010100010100";

    /** StreamResponse{ReqHash:16c31863...8be2, Accepted:true, NoiseMsg:cafe} (167 B). */
    static final String RESP1 = "56ff870301010e53747265616d526573706f6e736501ff8800010501075265714861736801ff8a0001084163636570746564"
            + "01020001024950010a000107457272436f646501060001084e6f6973654d7367010a00000016ff8901010106534841323536"
            + "01ff8a0001060140000038ff88012016ffc31863535754ff9640ffb7ffce4065ffe7ff9246497a645226ffb9ffa603ffadff"
            + "954cffa95c27ff8bffe201010302cafe00";
    static final String RESP1_HASH = "16c318635357549640b7ce4065e79246497a645226b9a603ad954ca95c278be2";

    /** StreamResponse{ReqHash:zero, Accepted:true, IP:127.0.0.1 (16-byte form)} (168 B). */
    static final String RESP2 = "56ff870301010e53747265616d526573706f6e736501ff8800010501075265714861736801ff8a0001084163636570746564"
            + "01020001024950010a000107457272436f646501060001084e6f6973654d7367010a00000016ff8901010106534841323536"
            + "01ff8a0001060140000039ff8801200000000000000000000000000000000000000000000000000000000000000000010101"
            + "1000000000000000000000ffff7f00000100";

    static final StreamRequest REQ1_VALUE = new StreamRequest(TS, new Addr(PK_A, 49152), new Addr(PK_B, 80), false,
            hex("deadbeef"));
    static final StreamRequest REQ2_VALUE = new StreamRequest(TS, new Addr(PK_A, 49152), new Addr(PK_S, 1), true,
            null);
    static final StreamResponse RESP1_VALUE = new StreamResponse(hex(RESP1_HASH), true, null, 0, hex("cafe"));
    static final StreamResponse RESP2_VALUE = new StreamResponse(new byte[32], true,
            hex("00000000000000000000ffff7f000001"), 0, null);

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private Vectors() {
    }
}
