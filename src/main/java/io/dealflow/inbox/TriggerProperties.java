package io.dealflow.inbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Which deal stages start a service cycle. A deal matches when either rule matches. */
@ConfigurationProperties(prefix = "dealflow.trigger")
public class TriggerProperties {

    /** Exact STATUS_IDs, e.g. C1:UC_SERVICE. */
    private List<String> stageIds = new ArrayList<>();
    /** Stage display name prefix, e.g. «Сервисная служба», resolved through crm.status.list. */
    private String stageNamePrefix = "";
    /**
     * The process a pipeline's deals run (CATEGORY_ID → process key in processes/); pipelines not listed run
     * deal-service-cycle.
     */
    private Map<Integer, String> processes = new LinkedHashMap<>();
    /** How long resolved stage names are cached. */
    private Duration stageCacheTtl = Duration.ofMinutes(10);

    public List<String> getStageIds() { return stageIds; }
    public void setStageIds(List<String> stageIds) { this.stageIds = stageIds; }
    public String getStageNamePrefix() { return stageNamePrefix; }
    public void setStageNamePrefix(String stageNamePrefix) { this.stageNamePrefix = stageNamePrefix; }
    public Map<Integer, String> getProcesses() { return processes; }
    public void setProcesses(Map<Integer, String> processes) { this.processes = processes; }
    public Duration getStageCacheTtl() { return stageCacheTtl; }
    public void setStageCacheTtl(Duration stageCacheTtl) { this.stageCacheTtl = stageCacheTtl; }
}
