package dev.sluice.answers.llm;

/**
 * Response and error bodies in the shapes the providers really send (field for field as documented
 * and as quoted in public bug reports), with our own ids and text.
 */
final class ProviderBodies {
    private ProviderBodies() {}

    static final String OPENAI_OK = """
      {"id":"chatcmpl-AbC123","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini-2024-07-18",
       "choices":[{"index":0,"message":{"role":"assistant","content":"Restart the router, then move it off the floor.",
         "refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],
       "usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29},
       "service_tier":"default","system_fingerprint":"fp_06737a9306"}""";

    static final String OPENAI_EMPTY = """
      {"id":"chatcmpl-AbC124","object":"chat.completion","created":1741569953,"model":"gpt-4o-mini-2024-07-18",
       "choices":[{"index":0,"message":{"role":"assistant","content":"","refusal":null},"logprobs":null,
         "finish_reason":"length"}],"usage":{"prompt_tokens":19,"completion_tokens":0,"total_tokens":19}}""";

    static final String OPENAI_NULL_CONTENT = """
      {"id":"chatcmpl-AbC125","object":"chat.completion","created":1741569954,"model":"gpt-4o-mini",
       "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"I can't help with that."},
         "finish_reason":"stop"}]}""";

    static final String OPENAI_INSUFFICIENT_QUOTA = """
      {"error":{"message":"You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
       "type":"insufficient_quota","param":null,"code":"insufficient_quota"}}""";

    static final String OPENAI_RATE_LIMIT = """
      {"error":{"message":"Rate limit reached for gpt-4o-mini in organization org-test on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits to learn more.",
       "type":"requests","param":null,"code":"rate_limit_exceeded"}}""";

    static final String OPENAI_BAD_KEY = """
      {"error":{"message":"Incorrect API key provided: %s. You can find your API key at https://platform.openai.com/account/api-keys.",
       "type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""";

    static final String OPENAI_UNSUPPORTED_PARAM = """
      {"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
       "type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}}""";

    static final String OPENAI_MODEL_NOT_FOUND = """
      {"error":{"message":"The model `gpt-9` does not exist or you do not have access to it.",
       "type":"invalid_request_error","param":null,"code":"model_not_found"}}""";

    static final String OPENAI_OVERLOADED = """
      {"error":{"message":"The server is overloaded or not ready yet.","type":"server_error","param":null,"code":null}}""";

    static final String BAD_GATEWAY_HTML = "<html><head><title>502 Bad Gateway</title></head><body>"
            + "<center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>";

    static final String GEMINI_OK = """
      {"candidates":[{"content":{"parts":[{"text":"Tides come from the Moon's pull "},{"text":"on the oceans."}],
        "role":"model"},"finishReason":"STOP","avgLogprobs":-0.21,"index":0}],
       "usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":11,"totalTokenCount":23},
       "modelVersion":"gemini-2.0-flash","responseId":"xyzResp1"}""";

    static final String GEMINI_BLOCKED = """
      {"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[]},
       "usageMetadata":{"promptTokenCount":12,"totalTokenCount":12},"modelVersion":"gemini-2.0-flash"}""";

    static final String GEMINI_RESOURCE_EXHAUSTED = """
      {
        "error": {
          "code": 429,
          "message": "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
          "status": "RESOURCE_EXHAUSTED",
          "details": [
            {
              "@type": "type.googleapis.com/google.rpc.QuotaFailure",
              "violations": [
                {
                  "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                  "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
                  "quotaDimensions": {"location": "global", "model": "gemini-2.0-flash"},
                  "quotaValue": "15"
                }
              ]
            },
            {
              "@type": "type.googleapis.com/google.rpc.Help",
              "links": [{"description": "Learn more about Gemini API quotas", "url": "https://ai.google.dev/gemini-api/docs/rate-limits"}]
            },
            {
              "@type": "type.googleapis.com/google.rpc.RetryInfo",
              "retryDelay": "17s"
            }
          ]
        }
      }""";

    /** Gemini's OpenAI endpoint wraps the Google error in an array. */
    static final String GEMINI_OPENAI_RESOURCE_EXHAUSTED =
            "[" + GEMINI_RESOURCE_EXHAUSTED.replace("\"17s\"", "\"45.837906927s\"") + "]";

    static final String GEMINI_BAD_KEY = """
      {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT",
       "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID",
         "domain":"googleapis.com","metadata":{"service":"generativelanguage.googleapis.com"}}]}}""";

    static final String OLLAMA_OK = """
      {"model":"llama3.2","created_at":"2025-10-26T17:15:24.166576Z",
       "message":{"role":"assistant","content":"A prime number has exactly two divisors."},
       "done_reason":"stop","done":true,"total_duration":4353619900,"load_duration":63915300,
       "prompt_eval_count":10,"prompt_eval_duration":246847000,"eval_count":17,"eval_duration":4032296000}""";

    static final String OLLAMA_EMPTY = """
      {"model":"llama3.2","created_at":"2025-10-26T17:15:24.166576Z","message":{"role":"assistant","content":""},
       "done_reason":"length","done":true}""";

    static final String OLLAMA_BUSY = """
      {"error":"server busy, please try again.  maximum pending requests exceeded"}""";

    /** Ollama's 404 for a model not pulled (server/routes.go: {@code fmt.Sprintf("model %q not found, try pulling it first", name)}). */
    static final String OLLAMA_MODEL_NOT_FOUND = """
      {"error":"model \\"llama9\\" not found, try pulling it first"}""";

    /** The same from Ollama's OpenAI-compatible endpoint (/v1/chat/completions): the error wrapped OpenAI-style. */
    static final String OLLAMA_OPENAI_MODEL_NOT_FOUND = """
      {"error":{"message":"model \\"llama9\\" not found, try pulling it first","type":"api_error","param":null,"code":null}}""";

    /** Ollama's (Gin's) plain-text body for a path it has no route for, e.g. a base URL with a wrong prefix. */
    static final String OLLAMA_NO_ROUTE = "404 page not found";
}
