package io.tidemark.backend.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** The base58check text of a block payload hash, checked by decoding it back with an independent decoder. */
class PayloadHashTest {
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    @Property(tries = 500)
    void everyHashIsVhFiftyTwoCharsAndDecodesBack(@ForAll @Size(32) byte[] hash) throws Exception {
        String text = PayloadHash.text(hash);
        assertThat(text).startsWith("vh").hasSize(52);
        byte[] all = decode(text);
        assertThat(Arrays.copyOfRange(all, 0, 3)).containsExactly(0x01, 0x6a, 0xf2);
        assertThat(Arrays.copyOfRange(all, 3, 35)).isEqualTo(hash);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] check = sha.digest(sha.digest(Arrays.copyOfRange(all, 0, 35)));
        assertThat(Arrays.copyOfRange(all, 35, 39)).isEqualTo(Arrays.copyOf(check, 4));
    }

    @Example
    void leadingZeroBytesBecomeOnes() {
        assertThat(PayloadHash.base58(new byte[] {0, 0, 1})).isEqualTo("112");
        assertThat(PayloadHash.base58(new byte[] {0, 0, 58})).isEqualTo("1121");
        assertThatThrownBy(() -> PayloadHash.text(new byte[31])).hasMessageContaining("31");
    }

    private static byte[] decode(String text) {
        BigInteger n = BigInteger.ZERO;
        for (char c : text.toCharArray()) {
            n = n.multiply(BigInteger.valueOf(58)).add(BigInteger.valueOf(ALPHABET.indexOf(c)));
        }
        byte[] b = n.toByteArray();
        return b.length == 40 && b[0] == 0 ? Arrays.copyOfRange(b, 1, 40) : b;
    }
}
