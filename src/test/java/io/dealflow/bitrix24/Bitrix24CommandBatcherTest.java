package io.dealflow.bitrix24;

import static io.dealflow.bitrix24.Bitrix24ClientTest.SECRET;
import static io.dealflow.bitrix24.Bitrix24ClientTest.failure;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dealflow.bitrix24.Bitrix24Exception.Kind;
import io.dealflow.support.Eventually;
import io.dealflow.support.RecordingHttpServer;
import io.dealflow.support.RecordingHttpServer.Reply;
import io.dealflow.support.RecordingHttpServer.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The group commit of Bitrix24 calls, through DealGateway, against a local server playing the portal: it answers
 * plain calls and batches command by command, and can hold a request back so that the test knows that other calls
 * are waiting meanwhile.
 */
class Bitrix24CommandBatcherTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern REFERENCE = Pattern.compile("\\$result\\[(\\w+)]\\[(\\w+)]");

    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final AtomicInteger batchRefusals = new AtomicInteger();
    private volatile CountDownLatch held;
    private volatile CountDownLatch release;
    private volatile Function<Request, Reply> batchOverride;
    private RecordingHttpServer server;
    private Bitrix24Properties properties;
    private Bitrix24Client client;
    private Bitrix24CommandBatcher batcher;
    private DealGateway gateway;

    @BeforeEach
    void startPortal() throws Exception {
        server = RecordingHttpServer.start(this::portal);
        properties = Bitrix24ClientTest.properties(server.port());
        // one request at a time: while the portal holds it, everything else waits for the next one
        properties.getBatching().setMaxInFlight(1);
    }

    @AfterEach
    void stop() {
        if (release != null) {
            release.countDown();
        }
        if (batcher != null) {
            batcher.stop();
        }
        callers.shutdownNow();
        server.close();
    }

    private DealGateway gateway() {
        return gateway(Duration.ofMinutes(1));
    }

    private DealGateway gateway(Duration callerTimeout) {
        client = new Bitrix24Client(properties, json);
        batcher = new Bitrix24CommandBatcher(client, properties, callerTimeout);
        gateway = new DealGateway(client, batcher);
        return gateway;
    }

    // ---- the portal ---------------------------------------------------------------------------------------------

    /** The next request waits until {@link #releaseHeldRequest()}; returns once the portal has it. */
    private <T> Future<T> holdingTheFirstRequest(Callable<T> call) throws Exception {
        held = new CountDownLatch(1);
        release = new CountDownLatch(1);
        Future<T> first = callers.submit(call);
        assertThat(held.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the portal got the first request").isTrue();
        return first;
    }

    private void releaseHeldRequest() {
        release.countDown();
    }

    private void awaitWaitingCommands(int count) {
        Eventually.await(count + " commands waiting for a request", WAIT, () -> batcher.waitingCommands() == count);
    }

    private Reply portal(Request request) {
        CountDownLatch hold = held;
        if (hold != null && hold.getCount() > 0) {
            hold.countDown();
            try {
                release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String method = request.path().substring(request.path().lastIndexOf('/') + 1);
        try {
            JsonNode body = json.readTree(request.body());
            if (!method.equals("batch")) {
                return Reply.json(200, json.writeValueAsString(Map.of("result", plainAnswer(method, body))));
            }
            if (batchOverride != null) {
                return batchOverride.apply(request);
            }
            ObjectNode results = json.createObjectNode();
            ObjectNode errors = json.createObjectNode();
            body.path("cmd").fields().forEachRemaining(command ->
                    answerCommand(command.getKey(), command.getValue().asText(), results, errors));
            ObjectNode answer = json.createObjectNode();
            answer.putObject("result").setAll(Map.of("result", results, "result_error", errors));
            return Reply.json(200, json.writeValueAsString(answer));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Object plainAnswer(String method, JsonNode params) {
        return switch (method) {
            case "crm.timeline.comment.add" -> 1000 + params.path("fields").path("ENTITY_ID").asLong();
            case "crm.deal.update" -> true;
            case "crm.deal.get" -> Map.of("ID", params.path("id").asText());
            default -> throw new IllegalArgumentException(method);
        };
    }

    /** Answers one batch command; deal 13 cannot be updated, deal 14's update is out of time budget. */
    private void answerCommand(String key, String command, ObjectNode results, ObjectNode errors) {
        Matcher reference = REFERENCE.matcher(command);
        if (reference.find()) {
            command = reference.replaceAll(r -> results.path(r.group(1)).path(r.group(2)).asText());
        }
        String method = command.substring(0, command.indexOf('?'));
        if (method.equals("crm.deal.list")) {
            ArrayNode rows = results.putArray(key);
            listedIds(command).forEach(listed -> rows.addObject().put("ID", listed).put("STAGE_ID", "C1:NEW"));
            return;
        }
        String id = value(command, method.equals("crm.timeline.comment.add") ? "fields[ENTITY_ID]" : "id");
        switch (method) {
            case "crm.timeline.comment.add" -> results.put(key, 1000 + Long.parseLong(id));
            case "crm.deal.update" -> {
                if (id.equals("13")) {
                    errors.putObject(key).put("error", "CRM_FIELD_ERROR_VALUE_NOT_VALID")
                            .put("error_description", "Стадия не найдена");
                } else if (id.equals("14")) {
                    errors.putObject(key).put("error", "OPERATION_TIME_LIMIT")
                            .put("error_description", "Method is blocked due to operation time limit.");
                } else {
                    results.put(key, true);
                }
            }
            case "crm.deal.get" -> results.putObject(key).put("ID", id).put("CONTACT_ID", id + "0")
                    .put("COMPANY_ID", "0");
            case "crm.contact.get" -> results.putObject(key).put("ID", id).put("NAME", "Контакт " + id);
            default -> errors.putObject(key).put("error", "ERROR_METHOD_NOT_FOUND").put("error_description", method);
        }
    }

    /** The deal IDs of a crm.deal.list command's {@code @ID} filter. */
    private static List<String> listedIds(String command) {
        List<String> ids = new ArrayList<>();
        Matcher filter = Pattern.compile("filter\\[%40ID]\\[\\d+]=(\\d+)").matcher(command);
        while (filter.find()) {
            ids.add(filter.group(1));
        }
        return ids;
    }

    private static String value(String command, String name) {
        for (String pair : command.substring(command.indexOf('?') + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new IllegalArgumentException(name + " missing in " + command);
    }

    private JsonNode commandsOf(Request request) throws Exception {
        assertThat(request.path()).endsWith("/batch");
        JsonNode body = json.readTree(request.body());
        assertThat(body.path("halt").asInt()).as("one command's failure does not stop the others").isZero();
        return body.path("cmd");
    }

    private Future<Long> comment(long dealId) {
        return callers.submit(() -> gateway.addTimelineComment(dealId, "Комментарий к сделке " + dealId));
    }

    private Future<Object> outcome(Callable<?> call) {
        return callers.submit(() -> {
            try {
                return call.call();
            } catch (Bitrix24Exception e) {
                return e;
            }
        });
    }

    // ---- the tests ----------------------------------------------------------------------------------------------

    @Test
    void aLoneCallGoesAsThePlainCallItIs() throws Exception {
        gateway().updateDeal(4711, Map.of("UF_CRM_HUBEX_TASK", "A-1"));

        assertThat(server.requests()).hasSize(1);
        Request request = server.requests().get(0);
        assertThat(request.path()).endsWith("/crm.deal.update");
        JsonNode body = json.readTree(request.body());
        assertThat(body.path("id").asLong()).isEqualTo(4711);
        assertThat(body.path("fields").path("UF_CRM_HUBEX_TASK").asText()).isEqualTo("A-1");
        assertThat(body.path("params").path("REGISTER_SONET_EVENT").asText()).isEqualTo("N");
    }

    @Test
    void callsThatWaitMeanwhileLeaveTogetherInOneBatchAndEachCallerGetsItsOwnAnswer() throws Exception {
        gateway();
        Future<Long> first = holdingTheFirstRequest(() -> gateway.addTimelineComment(1, "Первый"));
        List<Future<Long>> others = new ArrayList<>();
        for (long deal = 2; deal <= 11; deal++) {
            others.add(comment(deal));
        }
        awaitWaitingCommands(10);

        releaseHeldRequest();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1001);
        for (int i = 0; i < others.size(); i++) {
            assertThat(others.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(1002 + i);
        }
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(0).path()).endsWith("/crm.timeline.comment.add");
        JsonNode cmd = commandsOf(server.requests().get(1));
        assertThat(cmd.size()).isEqualTo(10);
        // the same key in every caller's unit: all but the first get a prefix
        assertThat(cmd.path("comment").asText()).startsWith("crm.timeline.comment.add?fields[ENTITY_ID]=")
                .contains("&fields[ENTITY_TYPE]=deal&fields[COMMENT]=%D0%9A%D0%BE%D0%BC");
    }

    @Test
    void dealReadsSentAheadGoBeforeTheCallsAlreadyWaiting() throws Exception {
        properties.getBatching().setMaxCommands(3);
        gateway();
        Future<Long> first = holdingTheFirstRequest(() -> gateway.addTimelineComment(1, "Первый"));
        List<Future<Long>> comments = new ArrayList<>();
        for (long deal = 2; deal <= 4; deal++) {
            comments.add(comment(deal));
            awaitWaitingCommands((int) deal - 1);
        }
        Future<Map<Long, Deal>> reads = callers.submit(() -> gateway.readDealsAhead(List.of(7L, 8L)));
        awaitWaitingCommands(4);

        releaseHeldRequest();

        first.get(10, TimeUnit.SECONDS);
        assertThat(reads.get(10, TimeUnit.SECONDS)).containsOnlyKeys(7L, 8L);
        for (Future<Long> comment : comments) {
            comment.get(10, TimeUnit.SECONDS);
        }
        assertThat(server.requests()).hasSize(3);
        List<String> next = new ArrayList<>();
        commandsOf(server.requests().get(1)).forEach(command -> next.add(command.asText()));
        assertThat(next).as("the request after the held one: the read, then the two oldest comments").hasSize(3);
        assertThat(next.get(0)).startsWith("crm.deal.list?filter[%40ID][0]=7&filter[%40ID][1]=8&");
        assertThat(next.get(1)).contains("fields[ENTITY_ID]=2&");
        assertThat(next.get(2)).contains("fields[ENTITY_ID]=3&");
        Request last = server.requests().get(2);
        assertThat(last.path()).as("the one comment left goes out on its own").endsWith("/crm.timeline.comment.add");
        assertThat(json.readTree(last.body()).path("fields").path("ENTITY_ID").asLong()).isEqualTo(4);
    }

    @Test
    void aCommandsErrorReachesOnlyItsCaller() throws Exception {
        gateway();
        Future<Long> first = holdingTheFirstRequest(() -> gateway.addTimelineComment(1, "Первый"));
        Future<Object> rejected = outcome(() -> {
            gateway.updateDeal(13, Map.of("STAGE_ID", "C1:NOPE"));
            return "updated";
        });
        awaitWaitingCommands(1);
        Future<Object> updated = outcome(() -> {
            gateway.updateDeal(12, Map.of("STAGE_ID", "C1:UC_DONE"));
            return "updated";
        });
        Future<Long> commented = comment(2);
        awaitWaitingCommands(3);

        releaseHeldRequest();

        first.get(10, TimeUnit.SECONDS);
        assertThat(updated.get(10, TimeUnit.SECONDS)).isEqualTo("updated");
        assertThat(commented.get(10, TimeUnit.SECONDS)).isEqualTo(1002);
        assertThat(rejected.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(Bitrix24Exception.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.REJECTED);
            assertThat(e.method()).isEqualTo("crm.deal.update");
            assertThat(e.getMessage()).contains("CRM_FIELD_ERROR_VALUE_NOT_VALID", "Стадия не найдена")
                    .doesNotContain(SECRET);
        });
        assertThat(server.requests()).hasSize(2);
        assertThat(commandsOf(server.requests().get(1)).size()).isEqualTo(3);
    }

    @Test
    void aBatchRefusedByTheLeakyBucketIsRepeatedInPlaceForEveryCallInIt() throws Exception {
        gateway();
        Future<Long> first = holdingTheFirstRequest(() -> gateway.addTimelineComment(1, "Первый"));
        Future<Long> a = comment(2);
        Future<Long> b = comment(3);
        awaitWaitingCommands(2);
        batchOverride = request -> {
            if (batchRefusals.incrementAndGet() <= 2) {
                return Reply.json(503, Bitrix24ClientTest.RATE_LIMITED);
            }
            batchOverride = null;
            return portal(request);
        };

        releaseHeldRequest();

        first.get(10, TimeUnit.SECONDS);
        assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(1002);
        assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo(1003);
        assertThat(server.count("/batch")).as("refused twice, then answered").isEqualTo(3);
        List<Request> batches = server.requests().subList(1, 4);
        assertThat(batches).extracting(Request::body).containsOnly(batches.get(0).body());
    }

    @Test
    void aBatchThatFailsAsAWholeFailsEveryCallInIt() throws Exception {
        gateway();
        Future<Long> first = holdingTheFirstRequest(() -> gateway.addTimelineComment(1, "Первый"));
        Future<Object> a = outcome(() -> gateway.addTimelineComment(2, "x"));
        Future<Object> b = outcome(() -> gateway.readDeals(List.of(7L)));
        awaitWaitingCommands(2);
        batchOverride = request -> new Reply(502, "text/html", "<html>Bad Gateway " + request.path() + "</html>");

        releaseHeldRequest();

        first.get(10, TimeUnit.SECONDS);
        Object failureA = a.get(10, TimeUnit.SECONDS);
        Object failureB = b.get(10, TimeUnit.SECONDS);
        for (Object failure : List.of(failureA, failureB)) {
            assertThat(failure).isInstanceOfSatisfying(Bitrix24Exception.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                assertThat(e.retryable()).isTrue();
                assertThat(e.getMessage()).contains("batch", "502").doesNotContain(SECRET);
            });
        }
        assertThat(failureA).as("each caller gets an exception of its own").isNotSameAs(failureB);
        assertThat(server.count("/batch")).isEqualTo(1);
    }

    @Test
    void moreCommandsThanABatchTakesAreSplitIntoRequestsOfFifty() throws Exception {
        gateway();
        List<Bitrix24Command> reads = LongStream.rangeClosed(1, 120)
                .mapToObj(id -> Bitrix24Command.of("d" + id, "crm.deal.get", Map.of("id", id))).toList();

        BatchResult answers = batcher.runEach(reads);

        assertThat(answers.results()).hasSize(120);
        assertThat(answers.result("d120")).hasValueSatisfying(deal -> assertThat(deal.path("ID").asText())
                .isEqualTo("120"));
        List<Integer> sizes = new ArrayList<>();
        for (Request request : server.requests()) {
            sizes.add(commandsOf(request).size());
        }
        assertThat(sizes).containsExactly(50, 50, 20);
    }

    @Test
    void maxCommandsIsHonouredAndALargerUnitGoesAlone() throws Exception {
        properties.getBatching().setMaxCommands(2);
        gateway();
        Future<Long> first = holdingTheFirstRequest(() -> gateway.addTimelineComment(1, "Первый"));
        Future<DealParties> load = callers.submit(() -> gateway.loadWithParties(4711));
        awaitWaitingCommands(3);
        List<Future<Long>> comments = List.of(comment(2), comment(3), comment(4));
        awaitWaitingCommands(6);

        releaseHeldRequest();

        first.get(10, TimeUnit.SECONDS);
        assertThat(load.get(10, TimeUnit.SECONDS).contact()).isPresent();
        for (Future<Long> comment : comments) {
            comment.get(10, TimeUnit.SECONDS);
        }
        List<Integer> sizes = new ArrayList<>();
        for (Request request : server.requests().subList(1, server.requests().size())) {
            sizes.add(request.path().endsWith("/batch") ? commandsOf(request).size() : 1);
        }
        // the load's three chained commands cannot be split; the comments go two by two
        assertThat(sizes).containsExactly(3, 2, 1);
    }

    @Test
    void chainedCommandsStayTogetherAndTheirReferencesFollowARenamedKey() throws Exception {
        gateway();
        Future<Long> first = holdingTheFirstRequest(() -> gateway.addTimelineComment(1, "Первый"));
        Future<DealParties> a = callers.submit(() -> gateway.loadWithParties(4711));
        awaitWaitingCommands(3);
        Future<DealParties> b = callers.submit(() -> gateway.loadWithParties(4712));
        awaitWaitingCommands(6);

        releaseHeldRequest();

        first.get(10, TimeUnit.SECONDS);
        assertThat(a.get(10, TimeUnit.SECONDS).contact()).hasValueSatisfying(
                contact -> assertThat(contact.path("ID").asText()).isEqualTo("47110"));
        assertThat(b.get(10, TimeUnit.SECONDS).contact()).hasValueSatisfying(
                contact -> assertThat(contact.path("ID").asText()).isEqualTo("47120"));
        assertThat(server.requests()).hasSize(2);
        JsonNode cmd = commandsOf(server.requests().get(1));
        assertThat(cmd.path("deal").asText()).isEqualTo("crm.deal.get?id=4711");
        assertThat(cmd.path("contact").asText()).isEqualTo("crm.contact.get?id=$result[deal][CONTACT_ID]");
        assertThat(cmd.path("u1_deal").asText()).isEqualTo("crm.deal.get?id=4712");
        assertThat(cmd.path("u1_contact").asText()).isEqualTo("crm.contact.get?id=$result[u1_deal][CONTACT_ID]");
    }

    @Test
    void aCommandOutOfTimeBudgetFailsItsCallerAndPausesOnlyItsMethod() throws Exception {
        gateway();
        Future<Long> first = holdingTheFirstRequest(() -> gateway.addTimelineComment(1, "Первый"));
        Future<Object> update = outcome(() -> {
            gateway.updateDeal(14, Map.of("STAGE_ID", "C1:UC_DONE"));
            return "updated";
        });
        Future<Long> commented = comment(2);
        awaitWaitingCommands(2);

        releaseHeldRequest();

        first.get(10, TimeUnit.SECONDS);
        assertThat(commented.get(10, TimeUnit.SECONDS)).isEqualTo(1002);
        assertThat(update.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(Bitrix24Exception.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.OPERATION_TIME_LIMIT));
        int requests = server.requests().size();
        Bitrix24Exception paused = failure(() -> gateway.updateDeal(12, Map.of("STAGE_ID", "C1:UC_DONE")));
        assertThat(paused.kind()).isEqualTo(Kind.OPERATION_TIME_LIMIT);
        assertThat(paused.getMessage()).contains("paused");
        assertThat(server.requests()).as("a paused method is not sent").hasSize(requests);
        assertThat(gateway.addTimelineComment(3, "Другой метод")).isEqualTo(1003);
    }

    @Test
    void anInterruptedCallerIsNotSentAndTheOthersGoOn() throws Exception {
        gateway();
        Future<Long> first = holdingTheFirstRequest(() -> gateway.addTimelineComment(1, "Первый"));
        CountDownLatch failed = new CountDownLatch(1);
        List<Object> seen = new ArrayList<>();
        Future<?> interrupted = callers.submit(() -> {
            try {
                gateway.addTimelineComment(5, "Не отправлять");
            } catch (Bitrix24Exception e) {
                seen.add(e);
                seen.add(Thread.currentThread().isInterrupted());
            }
            failed.countDown();
        });
        awaitWaitingCommands(1);

        interrupted.cancel(true);

        assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen.get(0)).isInstanceOfSatisfying(Bitrix24Exception.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.getMessage()).contains("interrupted", "was not sent");
        });
        assertThat(seen.get(1)).as("the interrupt is kept for the caller's thread").isEqualTo(true);
        assertThat(batcher.waitingCommands()).isZero();
        Future<Long> next = comment(6);
        awaitWaitingCommands(1);
        releaseHeldRequest();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1001);
        assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo(1006);
        assertThat(server.requests()).extracting(Request::body).noneMatch(body -> body.contains("Не отправлять"));
    }

    @Test
    void aCallerThatGetsNoAnswerInTimeGivesUpWithoutBlockingTheRest() throws Exception {
        gateway(Duration.ofMillis(500));
        Future<Object> first = holdingTheFirstRequest(() -> {
            try {
                return gateway.addTimelineComment(1, "Первый");
            } catch (Bitrix24Exception e) {
                return e;
            }
        });
        Future<Object> queued = outcome(() -> gateway.addTimelineComment(2, "Второй"));

        assertThat(first.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(Bitrix24Exception.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.getMessage()).contains("may or may not have been executed");
        });
        assertThat(queued.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(Bitrix24Exception.class,
                e -> assertThat(e.getMessage()).contains("was not sent"));
        releaseHeldRequest();
        assertThat(gateway.addTimelineComment(3, "Третий")).isEqualTo(1003);
        assertThat(server.requests()).extracting(Request::body).noneMatch(body -> body.contains("Второй"));
    }

    @Test
    void aCallThatFindsNoRequestSlotWithinMaxWaitIsNotSent() {
        properties.getRateLimit().setBurst(1);
        properties.getRateLimit().setPerSecond(0.1);
        properties.getRateLimit().setMaxWait(Duration.ofMillis(300));
        properties.getBatching().setMaxInFlight(4);
        gateway();
        gateway.addTimelineComment(1, "Первый");

        long start = System.nanoTime();
        Bitrix24Exception e = failure(() -> gateway.addTimelineComment(2, "Второй"));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("was not sent", "client-side limit", "dealflow.bitrix24.rate-limit");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5.0);
        assertThat(server.requests()).hasSize(1);
        assertThat(batcher.waitingCommands()).isZero();
    }

    /** Free senders, and a portal that answers side by side, so that a held request holds back only itself. */
    private void withFourSendersGathering(Duration gather) throws Exception {
        server.close();
        server = RecordingHttpServer.startConcurrent(this::portal);
        properties = Bitrix24ClientTest.properties(server.port());
        properties.getBatching().setMaxInFlight(4);
        properties.getBatching().setGatherBehindInFlight(gather);
        gateway();
    }

    @Test
    void callsThatComeWhileARequestIsOnItsWayWaitForItThoughSendersAreFreeAndLeaveTogether() throws Exception {
        withFourSendersGathering(Duration.ofSeconds(30));
        Future<Long> first = holdingTheFirstRequest(() -> gateway.addTimelineComment(1, "Первый"));
        List<Future<Long>> others = new ArrayList<>();
        for (long deal = 2; deal <= 6; deal++) {
            others.add(comment(deal));
        }
        awaitWaitingCommands(5);
        Thread.sleep(300);
        assertThat(server.requests()).as("three senders were free, yet no call left alone").hasSize(1);

        releaseHeldRequest();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1001);
        for (int i = 0; i < others.size(); i++) {
            assertThat(others.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(1002 + i);
        }
        assertThat(server.requests()).hasSize(2);
        assertThat(commandsOf(server.requests().get(1)).size()).isEqualTo(5);
    }

    @Test
    void aFullBatchLeavesOnAFreeSenderWithoutWaitingForTheRequestOnItsWay() throws Exception {
        withFourSendersGathering(Duration.ofSeconds(30));
        properties.getBatching().setMaxCommands(3);
        gateway();
        Future<Long> first = holdingTheFirstRequest(() -> gateway.addTimelineComment(1, "Первый"));
        List<Future<Long>> full = new ArrayList<>();
        for (long deal = 2; deal <= 4; deal++) {
            full.add(comment(deal));
        }

        for (int i = 0; i < full.size(); i++) {
            assertThat(full.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(1002 + i);
        }
        assertThat(first).as("the first request is still held").isNotDone();
        assertThat(commandsOf(server.requests().get(1)).size()).isEqualTo(3);
        releaseHeldRequest();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1001);
    }

    @Test
    void aCallWaitsForTheRequestOnItsWayNoLongerThanGatherBehindInFlight() throws Exception {
        withFourSendersGathering(Duration.ofMillis(200));
        Future<Long> first = holdingTheFirstRequest(() -> gateway.addTimelineComment(1, "Первый"));
        long start = System.nanoTime();

        assertThat(comment(2).get(10, TimeUnit.SECONDS)).as("went on a free sender after 200 ms").isEqualTo(1002);
        assertThat((System.nanoTime() - start) / 1e6).as("waited for the first request first").isGreaterThan(150);
        assertThat(first).as("the first request is still held").isNotDone();
        releaseHeldRequest();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1001);
    }

    @Test
    void withoutGatheringACallLeavesOnAFreeSenderAtOnce() throws Exception {
        withFourSendersGathering(Duration.ZERO);
        Future<Long> first = holdingTheFirstRequest(() -> gateway.addTimelineComment(1, "Первый"));
        long start = System.nanoTime();

        assertThat(comment(2).get(10, TimeUnit.SECONDS)).isEqualTo(1002);
        assertThat(comment(3).get(10, TimeUnit.SECONDS)).isEqualTo(1003);
        assertThat(server.count("/crm.timeline.comment.add")).as("each alone, as a plain call").isEqualTo(3);
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5.0);
        releaseHeldRequest();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1001);
    }

    @Test
    void withBatchingOffEveryCallerSendsItsOwnRequest() throws Exception {
        properties.getBatching().setEnabled(false);
        gateway();
        List<Future<Long>> comments = new ArrayList<>();
        for (long deal = 1; deal <= 5; deal++) {
            comments.add(comment(deal));
        }
        for (int i = 0; i < comments.size(); i++) {
            assertThat(comments.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(1001 + i);
        }
        batcher.runEach(LongStream.rangeClosed(1, 3)
                .mapToObj(id -> Bitrix24Command.of("d" + id, "crm.deal.get", Map.of("id", id))).toList());

        assertThat(server.count("/crm.timeline.comment.add")).isEqualTo(5);
        assertThat(server.count("/batch")).as("one caller's reads still share a batch").isEqualTo(1);
        assertThat(batcher.waitingCommands()).isZero();
    }

    @Test
    void refusesSettingsBitrix24CannotTake() {
        properties.getBatching().setMaxCommands(51);
        Bitrix24Client plain = new Bitrix24Client(properties, json);

        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new Bitrix24CommandBatcher(plain, properties)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dealflow.bitrix24.batching.max-commands").hasMessageContaining("50");

        properties.getBatching().setMaxCommands(50);
        properties.getBatching().setGatherBehindInFlight(Duration.ofMillis(-1));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new Bitrix24CommandBatcher(plain, properties)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dealflow.bitrix24.batching.gather-behind-in-flight");
    }

    @Test
    void commandsAreEncodedAsThePortalParsesThem() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ENTITY_ID", 4711L);
        fields.put("COMMENT", "Заявка №5 & 6 = [b]ok[/b]\nстрока");
        fields.put("NONE", null);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("fields", fields);
        params.put("select", List.of("ID", "TITLE"));
        params.put("flag", true);

        Bitrix24Command command = Bitrix24Command.of("c1", "crm.timeline.comment.add", params);

        assertThat(command.text()).isEqualTo("crm.timeline.comment.add?fields[ENTITY_ID]=4711"
                + "&fields[COMMENT]=%D0%97%D0%B0%D1%8F%D0%B2%D0%BA%D0%B0%20%E2%84%965%20%26%206%20%3D%20%5Bb%5Dok"
                + "%5B%2Fb%5D%0A%D1%81%D1%82%D1%80%D0%BE%D0%BA%D0%B0&select[0]=ID&select[1]=TITLE&flag=1");
        assertThat(command.standalone()).isTrue();
        assertThat(Bitrix24Command.chained("contact", "crm.contact.get?id=$result[deal][CONTACT_ID]").standalone())
                .isFalse();
    }
}
