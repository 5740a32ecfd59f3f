package io.snowgate.lambda.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Column labels as a join gives them, made unique the way RESULT_SCAN names a polled run's columns. */
class RowEncoderLabelsTest {

    @Test
    void repeatedLabels_getTheNextNumbers() {
        assertThat(RowEncoder.uniqueLabels(List.of("ID", "ID", "NAME", "ID")))
                .containsExactly("ID", "ID_1", "NAME", "ID_2");
    }

    @Test
    void aNumberAColumnAlreadyHas_isSkipped_whereverThatColumnIs() {
        assertThat(RowEncoder.uniqueLabels(List.of("ID", "ID", "ID_1"))).containsExactly("ID", "ID_2", "ID_1");
        assertThat(RowEncoder.uniqueLabels(List.of("ID_1", "ID", "ID"))).containsExactly("ID_1", "ID", "ID_2");
    }

    @Test
    void labelsDifferingInCase_areDifferentNames() {
        // Quoted identifiers are case-sensitive in Snowflake, and JSON keys are too: "id" and "ID" both stay.
        assertThat(RowEncoder.uniqueLabels(List.of("id", "ID"))).containsExactly("id", "ID");
    }
}
