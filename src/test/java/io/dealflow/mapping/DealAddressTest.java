package io.dealflow.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.dealflow.mapping.TaskDraft.Place;
import org.junit.jupiter.api.Test;

/** Bitrix24 address values (text|lat;lon|id) as a HubEx location. */
class DealAddressTest {

    @Test
    void readsTextCoordinatesAndTheBitrixAddressId() {
        Place place = DealAddress.parse("ул. Ленина, 1, Казань|55.79;49.12|3301").orElseThrow();

        assertThat(place.address()).isEqualTo("ул. Ленина, 1, Казань");
        assertThat(place.coordinate()).isEqualTo("55.79:49.12");
        assertThat(place.key()).isEqualTo("b24:3301");
    }

    @Test
    void keysAnAddressWithoutIdByItsNormalizedText() {
        Place place = DealAddress.parse("  Кирочная   улица, 70 |;|").orElseThrow();

        assertThat(place.coordinate()).isNull();
        assertThat(place.key()).isEqualTo("text:кирочная улица, 70");
        assertThat(DealAddress.parse("кирочная улица, 70").orElseThrow().key()).isEqualTo(place.key());
    }

    @Test
    void ignoresValuesWithoutText() {
        assertThat(DealAddress.parse("|55.7;49.1|12")).isEmpty();
        assertThat(DealAddress.parse("")).isEmpty();
        assertThat(DealAddress.parse(null)).isEmpty();
    }

    @Test
    void joinsTheComponentsOfARequisiteAddress() throws Exception {
        Place place = DealAddress.fromRequisite(new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"TYPE_ID": "1", "ADDRESS_1": "ул. Баумана, 58", "ADDRESS_2": null, "CITY": "Казань",
                 "POSTAL_CODE": "420111", "COUNTRY": "Россия", "LOC_ADDR_ID": "0"}""")).orElseThrow();

        assertThat(place.address()).isEqualTo("ул. Баумана, 58, Казань, 420111, Россия");
        assertThat(place.key()).isEqualTo("text:ул. баумана, 58, казань, 420111, россия");
    }
}
