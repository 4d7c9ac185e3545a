package io.dealflow.sandbox.hubex;

import java.time.Instant;

/** A message in a task's chat; {@code isExternal} true is the customer chat, false the team chat. */
public record HubexChatMessage(int id, int taskId, Instant created, String message, boolean isExternal, int authorId) {
}
