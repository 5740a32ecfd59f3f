package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.snowgate.lambda.QueryFunction;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * What {@code invoke} prints and {@code run} reads of a handler's answer: the numbers the handler wrote, as it wrote
 * them. A VARIANT holds exact decimals (Snowflake's PARSE_JSON reference: a decimal is kept as a NUMBER, not a
 * DOUBLE, where it fits), and the function writes them whole.
 */
class InvokeAnswerTest {

    private static final String AMOUNT = "12345678901234567890.123";
    private static final String SCHEDULED = "{\"query\":\"q\",\"rowCount\":1,\"rows\":[{\"DOC\":{\"amount\":" + AMOUNT
            + "}}]}";
    private static final String HTTP = "{\"statusCode\":200,\"headers\":{},\"body\":\"{\\\"rows\\\":[{\\\"DOC\\\":"
            + "{\\\"amount\\\":" + AMOUNT + "}}]}\"}";

    private static BigDecimal amount(JsonNode rows) {
        return rows.get(0).get("DOC").get("amount").decimalValue();
    }

    @Test
    void readable_printsEveryNumberAsTheHandlerWroteIt() throws Exception {
        JsonNode scheduled = QueryFunction.jsonMapper().readTree(InvokeCommand.readable(SCHEDULED));
        JsonNode http = QueryFunction.jsonMapper().readTree(InvokeCommand.readable(HTTP));

        assertThat(amount(scheduled.get("rows"))).isEqualTo(new BigDecimal(AMOUNT));
        assertThat(amount(http.get("body").get("rows"))).isEqualTo(new BigDecimal(AMOUNT));
    }

    @Test
    void answer_readsAnHttpResponseWithItsNumbersWhole_asRunPrintsIt() throws Exception {
        JsonNode printed = QueryFunction.jsonMapper().readTree(InvokeCommand.answer(HTTP).toString());

        assertThat(amount(printed.get("body").get("rows"))).isEqualTo(new BigDecimal(AMOUNT));
    }
}
