package io.snowgate.lambda.rotation;

import java.util.Arrays;

/** The four steps of the Secrets Manager rotation protocol, by the names the service sends. */
public enum RotationStep {
    CREATE_SECRET("createSecret"),
    SET_SECRET("setSecret"),
    TEST_SECRET("testSecret"),
    FINISH_SECRET("finishSecret");

    private final String wireName;

    RotationStep(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** @throws RotationException naming the value when it is none of the four */
    public static RotationStep fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new RotationException("Step", "is '" + name + "'; expected createSecret,"
                        + " setSecret, testSecret or finishSecret"));
    }
}
