package io.skywire.core.crypto;

import java.math.BigInteger;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * secp256k1 parameters, built on first use only (class initialisation is the lazy holder), so loading the key
 * classes or the null key stays cheap.
 */
final class Curve {
    static final ECDomainParameters DOMAIN;
    static final ECCurve CURVE;
    static final ECPoint G;
    /** Group order. */
    static final BigInteger N;
    static final BigInteger HALF_N;
    /** Field prime. */
    static final BigInteger P;
    static final ECMultiplier BASE_MULTIPLIER = new FixedPointCombMultiplier();

    static {
        // The custom curve has the fast field arithmetic and the GLV endomorphism; same group as SEC 2.
        X9ECParameters x9 = CustomNamedCurves.getByName("secp256k1");
        DOMAIN = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH());
        CURVE = DOMAIN.getCurve();
        G = DOMAIN.getG();
        N = DOMAIN.getN();
        HALF_N = N.shiftRight(1);
        P = CURVE.getField().getCharacteristic();
    }

    private Curve() {
    }

    /** d·G, normalised (affine). */
    static ECPoint multiplyG(BigInteger d) {
        return BASE_MULTIPLIER.multiply(G, d).normalize();
    }
}
