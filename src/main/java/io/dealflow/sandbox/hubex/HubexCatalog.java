package io.dealflow.sandbox.hubex;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import org.springframework.http.HttpStatus;

/**
 * The tenant's customers (ES): companies, locations and assets, seeded with one customer, two addresses and
 * two assets. Not thread-safe: the store calls it under its own lock only.
 */
final class HubexCatalog {

    private final HubexDirectory directory;
    private final Map<Integer, HubexCompany> companies = new TreeMap<>();
    private final Map<Integer, HubexLocation> locations = new TreeMap<>();
    private final Map<Integer, HubexAsset> assets = new TreeMap<>();
    private int nextCompanyId;
    private int nextLocationId;

    HubexCatalog(HubexDirectory directory) {
        this.directory = directory;
        reset();
    }

    void reset() {
        companies.clear();
        locations.clear();
        assets.clear();
        companies.put(HubexDirectory.COMPANY_ROMASHKA_ID, new HubexCompany(HubexDirectory.COMPANY_ROMASHKA_ID,
                "ООО Ромашка", HubexDirectory.REGISTRATION_LEGAL_ENTITY, "1655000000", "+78432000000",
                "info@romashka.example", null, true, null));
        locations.put(HubexDirectory.LOCATION_KAZAN_ID, new HubexLocation(HubexDirectory.LOCATION_KAZAN_ID,
                "ул. Баумана, 58, Казань, Россия", "55.789020:49.121670", "Офис ООО Ромашка", "RU", null));
        locations.put(HubexDirectory.LOCATION_SPB_ID, new HubexLocation(HubexDirectory.LOCATION_SPB_ID,
                "Кирочная улица, 70, Санкт-Петербург, Россия", "59.939824:30.391287", "Склад ООО Ромашка", "RU",
                null));
        assets.put(HubexDirectory.ASSET_CONDITIONER_ID, new HubexAsset(HubexDirectory.ASSET_CONDITIONER_ID,
                "Кондиционер Daikin FTXB35C", HubexDirectory.COMPANY_ROMASHKA_ID, HubexDirectory.LOCATION_KAZAN_ID,
                "INV-1020"));
        assets.put(HubexDirectory.ASSET_BOILER_ID, new HubexAsset(HubexDirectory.ASSET_BOILER_ID,
                "Котёл Baxi ECO-4s", HubexDirectory.COMPANY_ROMASHKA_ID, HubexDirectory.LOCATION_SPB_ID,
                "INV-1021"));
        nextCompanyId = HubexDirectory.COMPANY_ROMASHKA_ID + 1;
        nextLocationId = HubexDirectory.LOCATION_SPB_ID + 1;
    }

    // ---- companies ----

    List<HubexCompany> companies(String searchText) {
        return matching(companies, searchText, company -> List.of(company.name(), nullToEmpty(company.tin())));
    }

    Optional<HubexCompany> company(int id) {
        return Optional.ofNullable(companies.get(id));
    }

    /** Adds every company or none. */
    List<Integer> createCompanies(List<NewHubexCompany> batch) {
        requireNotEmpty(batch);
        for (NewHubexCompany company : batch) {
            if (company.name() == null || company.name().isBlank()) {
                throw HubexApiException.invalidData("name", "name is required");
            }
            if (company.registrationTypeId() == null) {
                throw HubexApiException.invalidData("registrationTypeID", "registrationTypeID is required");
            }
            if (directory.registrationType(company.registrationTypeId()).isEmpty()) {
                throw HubexApiException.invalidData("registrationTypeID",
                        "Registration type " + company.registrationTypeId() + " does not exist");
            }
        }
        List<Integer> ids = new ArrayList<>();
        for (NewHubexCompany company : batch) {
            int id = nextCompanyId++;
            companies.put(id, new HubexCompany(id, company.name().trim(), company.registrationTypeId(),
                    company.tin(), company.phone(), company.email(), company.erpId(), company.isEmployer(), null));
            ids.add(id);
        }
        return ids;
    }

    // ---- locations ----

    /** HubEx's parameter description says searchText matches the address or the description. */
    List<HubexLocation> locations(String searchText) {
        return matching(locations, searchText,
                location -> List.of(location.address(), nullToEmpty(location.description())));
    }

    Optional<HubexLocation> location(int id) {
        return Optional.ofNullable(locations.get(id));
    }

    /**
     * Adds every location or none. HubEx documents {@code isIgnorePossibleDuplication} only as "check for an
     * existing similar location"; the simulator reads "similar" as the same address, trimmed and ignoring case,
     * and refuses it with 409 PossibleDuplication.
     */
    List<Integer> createLocations(List<NewHubexLocation> batch) {
        requireNotEmpty(batch);
        Map<String, Integer> known = new TreeMap<>();
        locations.values().stream().filter(location -> location.deleted() == null)
                .forEach(location -> known.putIfAbsent(addressKey(location.address()), location.id()));
        for (NewHubexLocation location : batch) {
            if (location.address() == null || location.address().isBlank()) {
                throw HubexApiException.invalidData("address", "address is required");
            }
            String key = addressKey(location.address());
            if (!location.ignorePossibleDuplication() && known.containsKey(key)) {
                Integer existing = known.get(key);
                throw new HubexApiException(HttpStatus.CONFLICT, "PossibleDuplication",
                        "A location with the address \"" + location.address().trim() + "\" already exists",
                        existing == null ? Map.of("address", location.address().trim())
                                : Map.of("address", location.address().trim(), "locationID", existing.toString()));
            }
            known.putIfAbsent(key, null);
        }
        List<Integer> ids = new ArrayList<>();
        for (NewHubexLocation location : batch) {
            int id = nextLocationId++;
            locations.put(id, new HubexLocation(id, location.address().trim(), location.coordinate(),
                    location.description(), location.countryTwoSymbolCode(), null));
            ids.add(id);
        }
        return ids;
    }

    // ---- assets ----

    /** HubEx's parameter description: searchText is the asset name. */
    List<HubexAsset> assets(String searchText) {
        return matching(assets, searchText, asset -> List.of(asset.name()));
    }

    Optional<HubexAsset> asset(int id) {
        return Optional.ofNullable(assets.get(id));
    }

    // ---- internals ----

    private static <T> List<T> matching(Map<Integer, T> items, String searchText,
                                        Function<T, List<String>> searchable) {
        if (searchText == null || searchText.isBlank()) {
            return List.copyOf(items.values());
        }
        String needle = searchText.trim().toLowerCase(Locale.ROOT);
        return items.values().stream().filter(item -> searchable.apply(item).stream()
                .anyMatch(text -> text.toLowerCase(Locale.ROOT).contains(needle))).toList();
    }

    private static void requireNotEmpty(List<?> batch) {
        if (batch.isEmpty()) {
            throw HubexApiException.invalidData("body", "At least one item is required");
        }
    }

    private static String addressKey(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
