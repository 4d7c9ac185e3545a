package io.dealflow.inbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Which deal stages start a service cycle. A deal matches when either rule matches. */
@ConfigurationProperties(prefix = "dealflow.trigger")
public class TriggerProperties {

    /** Exact STATUS_IDs, e.g. C1:UC_SERVICE. */
    private List<String> stageIds = new ArrayList<>();
    /** Stage display name prefix, e.g. «Сервисная служба», resolved through crm.status.list. */
    private String stageNamePrefix = "";
    /** How long resolved stage names are cached. */
    private Duration stageCacheTtl = Duration.ofMinutes(10);

    public List<String> getStageIds() { return stageIds; }
    public void setStageIds(List<String> stageIds) { this.stageIds = stageIds; }
    public String getStageNamePrefix() { return stageNamePrefix; }
    public void setStageNamePrefix(String stageNamePrefix) { this.stageNamePrefix = stageNamePrefix; }
    public Duration getStageCacheTtl() { return stageCacheTtl; }
    public void setStageCacheTtl(Duration stageCacheTtl) { this.stageCacheTtl = stageCacheTtl; }
}
