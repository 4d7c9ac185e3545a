package io.dealflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The task IDs found in HubEx webhook payloads of the usual shapes. */
class HubexTaskIdsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<Long> find(String payload) throws Exception {
        return HubexTaskIds.find(JSON.readTree(payload));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"id\": 5129}",
            "{\"taskID\": 5129}",
            "{\"TaskID\": \"5129\"}",
            "{\"taskId\": 5129, \"event\": \"TaskStageChanged\"}",
            "{\"task_id\": \" 5129 \"}",
            "{\"task\": {\"id\": 5129, \"number\": \"0207000000003\"}}",
            "{\"data\": {\"taskId\": 5129}}",
            "{\"Data\": {\"TaskID\": \"5129\"}}",
            "{\"entity\": {\"id\": 5129}}"})
    void findsTheTaskIdInTheUsualShapes(String payload) throws Exception {
        assertThat(find(payload)).containsExactly(5129L);
    }

    @Test
    void findsOneIdPerObjectOfAnArray() throws Exception {
        assertThat(find("[{\"id\": 1}, {\"taskID\": \"2\"}, {\"task\": {\"id\": 3}}, {\"data\": {\"taskId\": 4}}]"))
                .containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void prefersTaskIdOverATopLevelId() throws Exception {
        assertThat(find("{\"id\": 99, \"taskID\": 5}")).containsExactly(5L);
        assertThat(find("{\"id\": 99, \"task\": {\"id\": 5}}")).containsExactly(5L);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"id\": -1}",
            "{\"taskID\": 0}",
            "{\"taskID\": \"abc\"}",
            "{\"TaskID\": \"-7\"}",
            "{\"id\": 12.5}",
            "{\"task\": {\"id\": \"\"}}",
            "{\"event\": \"TaskCreated\"}",
            "{}",
            "[]",
            "\"5129\"",
            "5129"})
    void rejectsPayloadsWithoutAPositiveNumericId(String payload) throws Exception {
        assertThat(find(payload)).isEmpty();
    }

    @Test
    void skipsArrayItemsWithoutAValidId() throws Exception {
        assertThat(find("[{\"id\": 0}, {\"taskID\": \"x\"}, {\"id\": 8}]")).containsExactly(8L);
    }
}
