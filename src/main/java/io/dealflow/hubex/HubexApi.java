package io.dealflow.hubex;

import java.util.List;
import java.util.Map;

import feign.Headers;
import feign.Param;
import feign.RequestLine;
import feign.Response;

/** The HubEx endpoints DealFlow uses (reference: hubex-api.md §3.2, §7, §8). Auth headers come from an interceptor. */
interface HubexApi {

    @RequestLine("POST /AUTHZ/AccessTokens")
    @Headers({"Content-Type: application/json", "Accept: application/json"})
    Response accessToken(Map<String, ?> body);

    @RequestLine("POST /WORK/Tasks")
    @Headers({"Content-Type: application/json", "Accept: application/json", "X-Concurrency-Stamp: {stamp}"})
    Response createTask(@Param("stamp") String concurrencyStamp, Map<String, ?> task);

    /** Lists are 1-based in Range; fifty tasks for one deal are more than enough. */
    @RequestLine("GET /WORK/Tasks?erpID={erpId}&isDeleted=false")
    @Headers({"Accept: application/json", "Range: items=1-50"})
    Response findTasksByErpId(@Param("erpId") String erpId);

    /**
     * Tasks completed in [from, till] (UTC without offset, as HubEx writes timesheet values), one page: Range is
     * 1-based and inclusive. The default order (creation date, descending) is stable while till lies in the past.
     */
    @RequestLine("GET /WORK/Tasks?isCompleted=true&isDeleted=false&completionFrom={from}&completionTill={till}")
    @Headers({"Accept: application/json", "Range: items={first}-{last}"})
    Response findCompletedTasks(@Param("from") String completionFrom, @Param("till") String completionTill,
                                @Param("first") int first, @Param("last") int last);

    @RequestLine("GET /WORK/Tasks/{id}")
    @Headers("Accept: application/json")
    Response getTask(@Param("id") long taskId);

    @RequestLine("GET /WORK/Tasks/{id}/conversations")
    @Headers("Accept: application/json")
    Response conversations(@Param("id") long taskId);

    @RequestLine("GET /WORK/Tasks/{id}/completedWorks")
    @Headers("Accept: application/json")
    Response completedWorks(@Param("id") long taskId);

    /** Moves a task to a stage of its life cycle (reference §7.6); notes become the stage change's comment. */
    @RequestLine("POST /WORK/TaskStagingHistory")
    @Headers({"Content-Type: application/json", "Accept: application/json"})
    Response changeTaskStage(Map<String, ?> body);

    @RequestLine("POST /WORK/TaskAttributes")
    @Headers({"Content-Type: application/json", "Accept: application/json"})
    Response mergeTaskAttributes(List<Map<String, ?>> body);

    @RequestLine("GET /ES/Locations?searchText={text}")
    @Headers({"Accept: application/json", "Range: items=1-50"})
    Response findLocations(@Param("text") String searchText);

    @RequestLine("POST /ES/Locations")
    @Headers({"Content-Type: application/json", "Accept: application/json"})
    Response createLocations(List<Map<String, ?>> body);

    @RequestLine("GET /ES/Companies?searchText={text}")
    @Headers({"Accept: application/json", "Range: items=1-50"})
    Response findCompanies(@Param("text") String searchText);

    @RequestLine("POST /ES/Companies")
    @Headers({"Content-Type: application/json", "Accept: application/json"})
    Response createCompanies(List<Map<String, ?>> body);

    /** The webhook registrations (reference §10.1): an object keyed by ID, {id, name, isActive, callsRemaining, lastCall}. */
    @RequestLine("GET /MSG/Webhooks")
    @Headers({"Accept: application/json", "Range: items=1-100"})
    Response listWebhooks();

    /** Switches a webhook on again (reference §10.1); answered 202. */
    @RequestLine("PUT /MSG/Webhooks/activate/{id}")
    @Headers("Accept: application/json")
    Response activateWebhook(@Param("id") long webhookId);
}
