package io.dealflow.bitrix24;

import java.util.Map;

import feign.Headers;
import feign.Param;
import feign.RequestLine;
import feign.Response;

/** The REST method endpoint of an inbound webhook: {@code POST <webhook-url>/<method>} with a JSON body. */
interface Bitrix24Api {

    @RequestLine("POST /{method}")
    @Headers({"Content-Type: application/json", "Accept: application/json", "User-Agent: DealFlow"})
    Response call(@Param("method") String method, Map<String, ?> params);
}
