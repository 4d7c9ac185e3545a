package io.dealflow.mapping;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import io.dealflow.bitrix24.Deal;
import io.dealflow.bitrix24.DealParties;
import org.springframework.stereotype.Component;

/**
 * Fills a HubEx task from the deal card: title and comment become the notes, the primary contact (or, without
 * one, the company) becomes the contact person, and the deal ID becomes the task's erpID.
 */
@Component
public class DealToTaskMapper {

    public TaskDraft map(DealParties parties) {
        Deal deal = parties.deal();
        String header = "Сделка #" + deal.id() + ": " + deal.title();
        String comment = deal.comments();
        String notes = comment.isBlank() ? header : header + "\n\n" + BbCode.toPlainText(comment);
        String notesHtml = "<p><strong>" + BbCode.escape(header) + "</strong></p>"
                + (comment.isBlank() ? "" : "<p>" + BbCode.toHtml(comment) + "</p>");

        Optional<JsonNode> contact = parties.contact();
        Optional<JsonNode> company = parties.company();
        String person = contact.map(DealToTaskMapper::fullName).filter(n -> !n.isBlank())
                .orElseGet(() -> company.map(c -> c.path("TITLE").asText("")).orElse(""));
        String phone = first(DealParties.multiField(contact, "PHONE"), DealParties.multiField(company, "PHONE"));
        String email = first(DealParties.multiField(contact, "EMAIL"), DealParties.multiField(company, "EMAIL"));
        return new TaskDraft(String.valueOf(deal.id()), notes, notesHtml, person, phone, email);
    }

    static String fullName(JsonNode contact) {
        return Stream.of("LAST_NAME", "NAME", "SECOND_NAME")
                .map(key -> contact.path(key).asText("").trim())
                .filter(part -> !part.isEmpty() && !part.equals("null"))
                .collect(Collectors.joining(" "));
    }

    private static String first(List<String> preferred, List<String> fallback) {
        return !preferred.isEmpty() ? preferred.get(0) : fallback.isEmpty() ? "" : fallback.get(0);
    }
}
