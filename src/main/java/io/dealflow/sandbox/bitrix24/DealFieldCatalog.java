package io.dealflow.sandbox.bitrix24;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The standard deal fields of the simulated portal: what {@code crm.deal.fields} describes, which fields
 * {@code crm.deal.get} returns, and how written values are converted to the strings the portal stores.
 */
final class DealFieldCatalog {

    private record Spec(String type, boolean readOnly, boolean immutable, boolean multiple, String title) {
    }

    private static final Map<String, Spec> SPECS = specs();

    /** The fields {@code crm.deal.get} returns, in order; CONTACT_IDS is writable but never returned. */
    static final List<String> RENDERED =
            SPECS.keySet().stream().filter(field -> !field.equals("CONTACT_IDS")).toList();

    /** Stage and contacts have their own rules; CLOSED follows the stage's semantics. */
    private static final Set<String> SEPARATELY_HANDLED = Set.of("STAGE_ID", "CONTACT_ID", "CONTACT_IDS", "CLOSED");

    private DealFieldCatalog() {
    }

    static boolean isStandard(String field) {
        return SPECS.containsKey(field);
    }

    /** {@code crm.deal.fields}: the standard fields, then the given custom fields as dynamic strings. */
    static Map<String, Object> descriptions(Collection<String> userFields) {
        Map<String, Object> descriptions = new LinkedHashMap<>();
        SPECS.forEach((code, spec) -> {
            Map<String, Object> d = description(spec.type(), spec.readOnly(), spec.immutable(), spec.multiple(),
                    false, spec.title());
            switch (code) {
                case "TYPE_ID" -> d.put("statusType", "DEAL_TYPE");
                case "STAGE_ID" -> d.put("statusType", "DEAL_STAGE");
                case "SOURCE_ID" -> d.put("statusType", "SOURCE");
                default -> { }
            }
            descriptions.put(code, d);
        });
        for (String code : userFields) {
            Map<String, Object> d = description("string", false, false, false, true, code);
            d.put("listLabel", code);
            d.put("formLabel", code);
            d.put("filterLabel", code);
            descriptions.put(code, d);
        }
        return descriptions;
    }

    /**
     * Converts the writable deal fields of a request into stored values, rejecting malformed numbers and dates
     * before anything is written. Fields handled elsewhere (stage, pipeline, contacts) and unknown keys are
     * skipped, as the portal skips them.
     */
    static Map<String, Object> convert(Map<String, ?> fields, PortalTime time) {
        Map<String, Object> changes = new LinkedHashMap<>();
        fields.forEach((key, value) -> {
            if (key.startsWith("UF_CRM_")) {
                changes.put(key, userFieldValue(value));
                return;
            }
            Spec spec = SPECS.get(key);
            if (spec == null || spec.readOnly() || spec.immutable()
                    || SEPARATELY_HANDLED.contains(key)) {
                return;
            }
            changes.put(key, convert(key, spec.type(), value, time));
        });
        return changes;
    }

    private static Object convert(String key, String type, Object value, PortalTime time) {
        String text = Params.str(value);
        switch (type) {
            case "double": {
                if (text == null || text.isBlank()) {
                    return "0.00";
                }
                try {
                    return new BigDecimal(text.trim()).setScale(2, RoundingMode.HALF_UP).toPlainString();
                } catch (NumberFormatException e) {
                    throw Bitrix24RestError.badRequest("Field " + key + ": '" + text + "' is not a number");
                }
            }
            case "char":
                return text != null && (text.equalsIgnoreCase("Y") || text.equals("1") || text.equalsIgnoreCase("true"))
                        ? "Y" : "N";
            case "date":
                return text == null || text.isBlank() ? null : time.parseDate(text);
            case "integer", "user", "crm_company", "crm_lead", "crm_quote": {
                if (text == null || text.isBlank()) {
                    return key.equals("COMPANY_ID") ? "0" : null;
                }
                if (!text.trim().matches("\\d{1,18}")) {
                    throw Bitrix24RestError.badRequest("Field " + key + ": '" + text + "' is not an integer");
                }
                return Long.toString(Long.parseLong(text.trim()));
            }
            default:
                return text;
        }
    }

    /** Custom-field values are stored as strings, multiple values as a list of strings. */
    static Object userFieldValue(Object value) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return Params.list(value).stream().map(Params::str).toList();
        }
        return Params.str(value);
    }

    private static Map<String, Object> description(String type, boolean readOnly, boolean immutable,
                                                   boolean multiple, boolean dynamic, String title) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("type", type);
        d.put("isRequired", false);
        d.put("isReadOnly", readOnly);
        d.put("isImmutable", immutable);
        d.put("isMultiple", multiple);
        d.put("isDynamic", dynamic);
        d.put("title", title);
        return d;
    }

    private static Map<String, Spec> specs() {
        Map<String, Spec> f = new LinkedHashMap<>();
        f.put("ID", new Spec("integer", true, false, false, "ID"));
        f.put("TITLE", new Spec("string", false, false, false, "Название"));
        f.put("TYPE_ID", new Spec("crm_status", false, false, false, "Тип"));
        f.put("CATEGORY_ID", new Spec("crm_category", false, true, false, "Воронка"));
        f.put("STAGE_ID", new Spec("crm_status", false, false, false, "Стадия сделки"));
        f.put("STAGE_SEMANTIC_ID", new Spec("string", true, false, false, "Группа стадии"));
        f.put("IS_NEW", new Spec("char", true, false, false, "Новая сделка"));
        f.put("IS_RECURRING", new Spec("char", false, false, false, "Регулярная сделка"));
        f.put("IS_RETURN_CUSTOMER", new Spec("char", false, false, false, "Повторная сделка"));
        f.put("IS_REPEATED_APPROACH", new Spec("char", false, false, false, "Повторное обращение"));
        f.put("PROBABILITY", new Spec("integer", false, false, false, "Вероятность"));
        f.put("CURRENCY_ID", new Spec("crm_currency", false, false, false, "Валюта"));
        f.put("OPPORTUNITY", new Spec("double", false, false, false, "Сумма"));
        f.put("IS_MANUAL_OPPORTUNITY", new Spec("char", false, false, false, "Сумма заполняется вручную"));
        f.put("TAX_VALUE", new Spec("double", false, false, false, "Ставка налога"));
        f.put("COMPANY_ID", new Spec("crm_company", false, false, false, "Компания"));
        f.put("CONTACT_ID", new Spec("crm_contact", false, false, false, "Контакт"));
        f.put("CONTACT_IDS", new Spec("crm_contact", false, false, true, "Контакты"));
        f.put("QUOTE_ID", new Spec("crm_quote", false, false, false, "Предложение"));
        f.put("BEGINDATE", new Spec("date", false, false, false, "Дата начала"));
        f.put("CLOSEDATE", new Spec("date", false, false, false, "Дата завершения"));
        f.put("OPENED", new Spec("char", false, false, false, "Доступна для всех"));
        f.put("CLOSED", new Spec("char", false, false, false, "Закрыта"));
        f.put("COMMENTS", new Spec("string", false, false, false, "Комментарий"));
        f.put("ASSIGNED_BY_ID", new Spec("user", false, false, false, "Ответственный"));
        f.put("CREATED_BY_ID", new Spec("user", true, false, false, "Кем создана"));
        f.put("MODIFY_BY_ID", new Spec("user", true, false, false, "Кем изменена"));
        f.put("MOVED_BY_ID", new Spec("user", true, false, false, "Кем перемещена"));
        f.put("DATE_CREATE", new Spec("datetime", true, false, false, "Дата создания"));
        f.put("DATE_MODIFY", new Spec("datetime", true, false, false, "Дата изменения"));
        f.put("MOVED_TIME", new Spec("datetime", true, false, false, "Дата перемещения"));
        f.put("SOURCE_ID", new Spec("crm_status", false, false, false, "Источник"));
        f.put("SOURCE_DESCRIPTION", new Spec("string", false, false, false, "Дополнительно об источнике"));
        f.put("LEAD_ID", new Spec("crm_lead", true, false, false, "Лид"));
        f.put("ADDITIONAL_INFO", new Spec("string", false, false, false, "Дополнительная информация"));
        f.put("LOCATION_ID", new Spec("location", false, false, false, "Местоположение"));
        f.put("ORIGINATOR_ID", new Spec("string", false, false, false, "Внешний источник"));
        f.put("ORIGIN_ID", new Spec("string", false, false, false, "Идентификатор элемента во внешнем источнике"));
        f.put("UTM_SOURCE", new Spec("string", false, false, false, "Рекламная система"));
        f.put("UTM_MEDIUM", new Spec("string", false, false, false, "Тип трафика"));
        f.put("UTM_CAMPAIGN", new Spec("string", false, false, false, "Обозначение рекламной кампании"));
        f.put("UTM_CONTENT", new Spec("string", false, false, false, "Содержание кампании"));
        f.put("UTM_TERM", new Spec("string", false, false, false, "Условие поиска кампании"));
        f.put("LAST_ACTIVITY_TIME", new Spec("datetime", true, false, false, "Последняя активность"));
        f.put("LAST_ACTIVITY_BY", new Spec("user", true, false, false, "Автор последней активности"));
        return f;
    }
}
