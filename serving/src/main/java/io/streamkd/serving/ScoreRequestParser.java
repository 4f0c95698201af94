package io.streamkd.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamkd.model.events.EventMapping;
import io.streamkd.model.feature.Example;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and strictly validates a score request. The JSON mirrors an impression, so a client sends what
 * it would log:
 *
 * <pre>
 * {"examples": [{"user_id": "u1", "item_id": "i9", "position": 0, "scenario": "home",
 *                "categorical": {"item_category": ["c3"]}, "numeric": {"price": 9.5}}]}
 * </pre>
 *
 * Every field is optional (a missing field is a zero input, as in training). An unknown field, a wrong
 * type or an oversize batch is a 400 whose message names the field, e.g. {@code examples[2].numeric.price}.
 */
final class ScoreRequestParser {
  private static final Set<String> EXAMPLE_FIELDS =
      Set.of("user_id", "item_id", "position", "scenario", "categorical", "numeric");
  private final ObjectMapper json = new ObjectMapper();
  private final int maxBatch;

  ScoreRequestParser(int maxBatch) {
    this.maxBatch = maxBatch;
  }

  List<Example> parse(byte[] body) throws RequestException {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new RequestException(400, "", "malformed JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new RequestException(400, "", "unreadable body: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new RequestException(400, "", "the body must be a JSON object with an \"examples\" array");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("examples")) {
        throw new RequestException(400, f, "unknown field '" + f + "'; the body has only \"examples\"");
      }
    }
    JsonNode examples = root.get("examples");
    if (examples == null || !examples.isArray()) {
      throw new RequestException(400, "examples", "\"examples\" must be an array");
    }
    if (examples.size() > maxBatch) {
      throw new RequestException(413, "examples",
          "batch of " + examples.size() + " examples exceeds the limit of " + maxBatch);
    }
    List<Example> out = new ArrayList<>(examples.size());
    for (int i = 0; i < examples.size(); i++) {
      out.add(example(examples.get(i), "examples[" + i + "]"));
    }
    return out;
  }

  private static Example example(JsonNode n, String path) throws RequestException {
    if (!n.isObject()) {
      throw new RequestException(400, path, path + " must be an object");
    }
    Map<String, List<String>> cat = new HashMap<>();
    Map<String, Float> num = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String f = e.getKey();
      String p = path + "." + f;
      JsonNode v = e.getValue();
      if (!EXAMPLE_FIELDS.contains(f)) {
        throw new RequestException(400, p, "unknown field '" + p + "'. Allowed: " + EXAMPLE_FIELDS.stream().sorted().toList());
      }
      switch (f) {
        case "user_id" -> cat.put(EventMapping.USER_ID, List.of(text(v, p)));
        case "item_id" -> cat.put(EventMapping.ITEM_ID, List.of(text(v, p)));
        case "scenario" -> cat.put(EventMapping.SCENARIO, List.of(text(v, p)));
        case "position" -> {
          if (!v.isIntegralNumber()) {
            throw new RequestException(400, p, p + " must be an integer but was " + v.getNodeType());
          }
          cat.put(EventMapping.POSITION, List.of(Integer.toString(v.intValue())));
        }
        case "categorical" -> {
          if (!v.isObject()) {
            throw new RequestException(400, p, p + " must be an object of field -> [values]");
          }
          for (Iterator<Map.Entry<String, JsonNode>> c = v.fields(); c.hasNext(); ) {
            Map.Entry<String, JsonNode> ce = c.next();
            String cp = p + "." + ce.getKey();
            JsonNode values = ce.getValue();
            if (values.isTextual()) {
              cat.put(ce.getKey(), List.of(values.textValue()));
            } else if (values.isArray()) {
              List<String> list = new ArrayList<>();
              for (int k = 0; k < values.size(); k++) {
                list.add(text(values.get(k), cp + "[" + k + "]"));
              }
              cat.put(ce.getKey(), list);
            } else {
              throw new RequestException(400, cp, cp + " must be a string or an array of strings but was "
                  + values.getNodeType());
            }
          }
        }
        case "numeric" -> {
          if (!v.isObject()) {
            throw new RequestException(400, p, p + " must be an object of field -> number");
          }
          for (Iterator<Map.Entry<String, JsonNode>> c = v.fields(); c.hasNext(); ) {
            Map.Entry<String, JsonNode> ce = c.next();
            String cp = p + "." + ce.getKey();
            if (!ce.getValue().isNumber()) {
              throw new RequestException(400, cp, cp + " must be a number but was " + ce.getValue().getNodeType());
            }
            num.put(ce.getKey(), ce.getValue().floatValue());
          }
        }
        default -> throw new AssertionError(f);
      }
    }
    return new Example(0f, 1f, 0L, cat, num);
  }

  private static String text(JsonNode v, String path) throws RequestException {
    if (!v.isTextual()) {
      throw new RequestException(400, path, path + " must be a string but was " + v.getNodeType());
    }
    return v.textValue();
  }
}
