package io.tidemark.backend.dynamodb;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The text form of a Tezos block payload hash, as the signer writes it in its watermark files: base58check of the
 * prefix {@code 01 6a f2} ({@code vh}) followed by the 32 hash bytes. The signer's DynamoDB backend stores the same
 * hash as its 32 raw bytes (a {@code B} attribute: the Go SDK's {@code attributevalue} marshaller encodes a
 * {@code *[32]byte} as binary), so Tidemark reads such an item's digest as the text the signer would have written
 * in a file, and a signer re-sending that request with the base58 digest gets {@code Repeated}.
 */
final class PayloadHash {
    /** Bytes of the hash. */
    static final int LENGTH = 32;

    private static final byte[] PREFIX = {0x01, 0x6a, (byte) 0xf2};
    private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();

    private PayloadHash() {}

    /** The {@code vh...} text of a 32-byte hash (52 chars). */
    static String text(byte[] hash) {
        if (hash.length != LENGTH) {
            throw new IllegalArgumentException("a block payload hash has " + LENGTH + " bytes, not " + hash.length);
        }
        byte[] payload = new byte[PREFIX.length + LENGTH];
        System.arraycopy(PREFIX, 0, payload, 0, PREFIX.length);
        System.arraycopy(hash, 0, payload, PREFIX.length, LENGTH);
        byte[] check = sha256(sha256(payload));
        byte[] all = Arrays.copyOf(payload, payload.length + 4);
        System.arraycopy(check, 0, all, payload.length, 4);
        return base58(all);
    }

    /** Base58 (Bitcoin alphabet) of {@code bytes}: one {@code 1} per leading zero byte, then the number. */
    static String base58(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        BigInteger n = new BigInteger(1, bytes);
        BigInteger base = BigInteger.valueOf(58);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(base);
            out.append(ALPHABET[qr[1].intValue()]);
            n = qr[0];
        }
        for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
            out.append(ALPHABET[0]);
        }
        return out.reverse().toString();
    }

    private static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
