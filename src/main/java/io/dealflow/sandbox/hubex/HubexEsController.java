package io.dealflow.sandbox.hubex;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ES service as far as a task needs it: customer companies, locations and assets, found by
 * {@code searchText} or created in batches. Lists are maps keyed by ID with {@code Range} paging.
 */
@RestController
@RequestMapping("/sandbox/hubex/fsm/ES")
@ConditionalOnProperty(prefix = "dealflow.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
public class HubexEsController {

    private final HubexSimulatorStore store;
    private final HubexCallGuard guard;

    public HubexEsController(HubexSimulatorStore store, HubexCallGuard guard) {
        this.store = store;
        this.guard = guard;
    }

    // ---- companies ----

    @GetMapping("/Companies")
    public ResponseEntity<Object> companies(HttpServletRequest request, @RequestParam Map<String, String> query,
                                            @RequestHeader(value = "Range", required = false) String range) {
        return guard.authorized(request, () -> HubexPaging.page(store.findCompanies(searchText(query)), query, range,
                page -> JsonFields.keyed(page, HubexCompany::id, company -> companyView(company, false))));
    }

    @RequestMapping(path = "/Companies", method = RequestMethod.HEAD)
    public ResponseEntity<Object> countCompanies(HttpServletRequest request, @RequestParam Map<String, String> query) {
        return guard.authorized(request, () -> HubexPaging.count(store.findCompanies(searchText(query)).size()));
    }

    @GetMapping("/Companies/{companyId}")
    public ResponseEntity<Object> company(HttpServletRequest request, @PathVariable String companyId) {
        return guard.authorized(request, () -> {
            int id = HubexSimulatorController.taskId(companyId);
            HubexCompany company = store.findCompany(id).orElseThrow(() -> notFound("Company", "companyID", id));
            return ResponseEntity.ok(companyView(company, true));
        });
    }

    @PostMapping("/Companies")
    public ResponseEntity<Object> createCompanies(HttpServletRequest request,
                                                  @RequestBody(required = false) String body) {
        return guard.authorized(request, () -> {
            List<NewHubexCompany> batch = HubexJsonBody.parseArray(body).stream()
                    .map(NewHubexCompany::fromAddData).toList();
            return ResponseEntity.status(HttpStatus.CREATED).body(store.createCompanies(batch));
        });
    }

    @GetMapping("/CompanyRegistrationTypes")
    public ResponseEntity<Object> registrationTypes(HttpServletRequest request) {
        return guard.authorized(request, () -> ResponseEntity.ok(JsonFields.keyed(
                store.directory().registrationTypes().entrySet(), Map.Entry::getKey,
                type -> Map.of("nameRu", type.getValue()))));
    }

    // ---- locations ----

    @GetMapping("/Locations")
    public ResponseEntity<Object> locations(HttpServletRequest request, @RequestParam Map<String, String> query,
                                            @RequestHeader(value = "Range", required = false) String range) {
        return guard.authorized(request, () -> HubexPaging.page(store.findLocations(searchText(query)), query, range,
                page -> JsonFields.keyed(page, HubexLocation::id, HubexEsController::location)));
    }

    @GetMapping("/Locations/{locationId}")
    public ResponseEntity<Object> location(HttpServletRequest request, @PathVariable String locationId) {
        return guard.authorized(request, () -> {
            int id = HubexSimulatorController.taskId(locationId);
            return ResponseEntity.ok(location(store.findLocation(id)
                    .orElseThrow(() -> notFound("Location", "locationID", id))));
        });
    }

    @PostMapping("/Locations")
    public ResponseEntity<Object> createLocations(HttpServletRequest request,
                                                  @RequestBody(required = false) String body) {
        return guard.authorized(request, () -> {
            List<NewHubexLocation> batch = HubexJsonBody.parseArray(body).stream()
                    .map(NewHubexLocation::fromPostData).toList();
            return ResponseEntity.status(HttpStatus.CREATED).body(store.createLocations(batch));
        });
    }

    // ---- assets ----

    @GetMapping("/Assets")
    public ResponseEntity<Object> assets(HttpServletRequest request, @RequestParam Map<String, String> query,
                                         @RequestHeader(value = "Range", required = false) String range) {
        return guard.authorized(request, () -> HubexPaging.page(store.findAssets(searchText(query)), query, range,
                page -> JsonFields.keyed(page, HubexAsset::id, this::asset)));
    }

    @GetMapping("/Assets/{assetId}")
    public ResponseEntity<Object> asset(HttpServletRequest request, @PathVariable String assetId) {
        return guard.authorized(request, () -> {
            int id = HubexSimulatorController.taskId(assetId);
            return ResponseEntity.ok(asset(store.findAsset(id).orElseThrow(() -> notFound("Asset", "assetID", id))));
        });
    }

    // ---- views ----

    /** A list item, or with {@code detailed} the single-company answer, which adds the contact fields. */
    private Map<String, Object> companyView(HubexCompany company, boolean detailed) {
        return JsonFields.object()
                .put("id", company.id())
                .put("name", company.name())
                .put("tin", company.tin())
                .put("erpID", company.erpId())
                .put("isEmployer", company.isEmployer())
                .put("registrationTypeID", company.registrationTypeId())
                .put("registrationTypeNameRu",
                        store.directory().registrationType(company.registrationTypeId()).orElse(null))
                .put("phone", detailed ? company.phone() : null)
                .put("email", detailed ? company.email() : null)
                .put("deleted", HubexTime.withoutOffset(company.deleted()))
                .build();
    }

    static Map<String, Object> location(HubexLocation location) {
        return JsonFields.object()
                .put("id", location.id())
                .put("address", location.address())
                .put("coordinate", location.coordinate())
                .put("description", location.description())
                .put("deleted", HubexTime.withoutOffset(location.deleted()))
                .build();
    }

    private Map<String, Object> asset(HubexAsset asset) {
        return JsonFields.object()
                .put("id", asset.id())
                .put("name", asset.name())
                .put("company", store.findCompany(asset.companyId())
                        .map(company -> JsonFields.object().put("id", company.id()).put("name", company.name()))
                        .orElse(null))
                .put("location", asset.locationId() == null ? null : store.findLocation(asset.locationId())
                        .map(location -> JsonFields.object().put("id", location.id())
                                .put("address", location.address()))
                        .orElse(null))
                .put("erpID", asset.erpId())
                .build();
    }

    private static String searchText(Map<String, String> query) {
        Map<String, String> p = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        p.putAll(query);
        return p.get("searchText");
    }

    private static HubexApiException notFound(String what, String parameter, int id) {
        return new HubexApiException(HttpStatus.NOT_FOUND, "NoDataFound", what + " " + id + " not found",
                Map.of(parameter, String.valueOf(id)));
    }
}
