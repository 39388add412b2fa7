package dev.sluice.scoring.embed;

/** Small float-vector helpers kept in one place so every metric computes cosine the same way. */
public final class Vectors {

    private Vectors() {}

    public static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vector sizes differ: " + a.length + " vs " + b.length
                    + " (were both embedded by the same model?)");
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Scales to unit length in place; a zero vector stays zero (empty text has no direction). */
    static float[] normaliseInPlace(float[] v) {
        double n = Math.sqrt(dot(v, v));
        if (n > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] / n);
            }
        }
        return v;
    }
}
