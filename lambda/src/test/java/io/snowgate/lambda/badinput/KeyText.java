package io.snowgate.lambda.badinput;

import io.snowgate.lambda.key.KeyPem;
import io.snowgate.lambda.testing.KeyFixtures;
import java.util.ArrayList;
import java.util.List;

/** Canaries made of real key material: the base64 lines of an openssl-made key fixture, and its passphrase. */
final class KeyText {

    private KeyText() {
    }

    /** Every base64 line of the fixture's body, each long enough to be unmistakable. */
    static List<String> lines(String fixture) {
        return KeyPem.body(KeyFixtures.text(fixture)).lines().filter(line -> line.length() >= 24).toList();
    }

    /** The fixture's base64 lines and the test passphrase. */
    static List<String> linesAndPassphrase(String fixture) {
        List<String> canaries = new ArrayList<>(lines(fixture));
        canaries.add(KeyFixtures.PASSPHRASE);
        return canaries;
    }
}
