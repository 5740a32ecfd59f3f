package io.snowgate.lambda.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.lambda.QueryFunction;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A VARIANT's text as Snowflake writes it, answered with its numbers as what they are in Snowflake. */
class VariantJsonTest {

    private final ObjectMapper json = QueryFunction.jsonMapper();

    private String answered(String variantText) throws IOException {
        return json.writeValueAsString(VariantJson.read(json.getFactory(), variantText));
    }

    @Test
    void aDouble_asSnowflakeWritesIt_isAnsweredAsTheDoubleItIs_notSixteenPlacesOrThreeHundredDigits()
            throws Exception {
        // OBJECT_CONSTRUCT('ratio', 123.45::FLOAT, 'huge', 1.5e300::FLOAT, 'tiny', -2.5e-3::FLOAT), as Snowflake
        // sends it.
        assertThat(answered("{\"huge\":1.500000000000000e+300,\"ratio\":1.234500000000000e+02,"
                + "\"tiny\":-2.500000000000000e-03}"))
                .isEqualTo("{\"huge\":1.5E300,\"ratio\":123.45,\"tiny\":-0.0025}");
    }

    @Test
    void aFixedPointNumber_keepsEveryPlaceItWasWrittenWith_andEveryDigit() throws Exception {
        assertThat(answered("{\"amount\":12.50,\"exact\":12345678901234567890.123,\"zero\":0.000}"))
                .isEqualTo("{\"amount\":12.50,\"exact\":12345678901234567890.123,\"zero\":0.000}");
    }

    @Test
    void integersStringsBooleansNullsAndNesting_areAsWritten() throws Exception {
        String text = "[1,-9007199254740993,123456789012345678901234567890,\"a\\\"b\",true,false,null,{\"k\":[]},{}]";

        assertThat(answered(text)).isEqualTo(text);
        assertThat(VariantJson.read(json.getFactory(), "7").isInt()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{oops", "1 2", "[1,]"})
    void textThatIsNotOneJsonValue_isRefused(String text) {
        assertThatThrownBy(() -> VariantJson.read(json.getFactory(), text)).isInstanceOf(IOException.class);
    }
}
