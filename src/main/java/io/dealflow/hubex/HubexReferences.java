package io.dealflow.hubex;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds the HubEx company and location a task refers to: a remembered link first, then a search, then - where
 * allowed - a new record, linked at once so that the next deal of the same customer or address reuses it.
 */
@Component
public class HubexReferences {

    private static final Logger log = LoggerFactory.getLogger(HubexReferences.class);

    private final HubexClient hubex;
    private final HubexLinks links;

    public HubexReferences(HubexClient hubex, HubexLinks links) {
        this.hubex = hubex;
        this.links = links;
    }

    /** The HubEx company for a Bitrix24 company; empty when none exists and creating is not allowed. */
    public Optional<Long> company(long bitrix24CompanyId, String title, String phone, String email,
                                  boolean createIfMissing, int registrationTypeId) {
        Optional<Long> linked = links.company(bitrix24CompanyId);
        if (linked.isPresent()) {
            return linked;
        }
        Optional<Long> found = sameName(hubex.findCompanies(title), title);
        if (found.isEmpty() && !createIfMissing) {
            return Optional.empty();
        }
        long id = found.orElseGet(() -> {
            Map<String, Object> company = new LinkedHashMap<>();
            company.put("name", title);
            company.put("registrationTypeID", registrationTypeId);
            company.put("isEmployer", true);
            company.put("erpID", "b24-company-" + bitrix24CompanyId);
            putIfPresent(company, "phone", phone);
            putIfPresent(company, "email", email);
            long created = hubex.createCompany(company);
            log.info("Bitrix24 company {} «{}»: HubEx company {} created", bitrix24CompanyId, title, created);
            return created;
        });
        links.linkCompany(bitrix24CompanyId, id);
        return Optional.of(id);
    }

    /** The HubEx location for an address, created (with coordinates when known) if HubEx has none. */
    public long location(String key, String address, String coordinate) {
        Optional<Long> linked = links.location(key);
        if (linked.isPresent()) {
            return linked.get();
        }
        long id = sameAddress(hubex.findLocations(address), address).orElseGet(() -> {
            Map<String, Object> location = new LinkedHashMap<>();
            location.put("address", address);
            putIfPresent(location, "coordinate", coordinate);
            location.put("isIgnorePossibleDuplication", true);
            long created = hubex.createLocation(location);
            log.info("Address «{}»: HubEx location {} created", address, created);
            return created;
        });
        links.linkLocation(key, id);
        return id;
    }

    private static Optional<Long> sameName(Map<Long, JsonNode> companies, String title) {
        return companies.entrySet().stream()
                .filter(e -> e.getValue().path("deleted").isMissingNode() || e.getValue().path("deleted").isNull()
                        || !e.getValue().path("deleted").asBoolean(false))
                .filter(e -> normalize(e.getValue().path("name").asText("")).equals(normalize(title)))
                .map(Map.Entry::getKey).min(Long::compare);
    }

    private static Optional<Long> sameAddress(Map<Long, JsonNode> locations, String address) {
        return locations.entrySet().stream()
                .filter(e -> normalize(e.getValue().path("address").asText("")).equals(normalize(address)))
                .map(Map.Entry::getKey).min(Long::compare);
    }

    private static String normalize(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }

    private static void putIfPresent(Map<String, Object> body, String key, String value) {
        if (value != null && !value.isBlank()) {
            body.put(key, value);
        }
    }
}
