package io.isthmus.admin.aws.cloudwatch;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * CBOR (RFC 8949) as the Smithy RPC v2 CBOR protocol uses it, written here because no CBOR library
 * is among the project's dependencies: {@link #read} makes a request body into the tree {@link
 * Params} reads (a timestamp, tag 1, becomes its seconds since the epoch; a byte string, base64
 * text); {@link #write} writes an output tree of {@link ResultBody}'s kinds (an {@code Instant} as
 * tag 1 over its seconds). Stateless.
 */
final class Cbor {
  /** Deeper nesting than any CloudWatch input is refused rather than followed. */
  private static final int MAX_DEPTH = 64;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Cbor() {}

  /** The CBOR body is malformed: truncated, a reserved value, a map key that is not text, … */
  static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }

  /** The one data item of {@code body}. */
  static JsonNode read(byte[] body) throws MalformedException {
    Reader reader = new Reader(body);
    JsonNode item = reader.required(reader.item(0));
    if (reader.at != body.length) {
      throw new MalformedException("bytes after the data item");
    }
    return item;
  }

  static byte[] write(Map<String, ?> output) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    value(output, out);
    return out.toByteArray();
  }

  private static final class Reader {
    private final byte[] bytes;
    private int at;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    /** An item, or null for the "break" that ends an indefinite-length array or map. */
    JsonNode item(int depth) throws MalformedException {
      if (depth > MAX_DEPTH) {
        throw new MalformedException("nested too deep");
      }
      int initial = next();
      int major = initial >>> 5;
      int info = initial & 0x1f;
      if (initial == 0xff) {
        return null;
      }
      return switch (major) {
        case 0 -> NODES.numberNode(unsigned(argument(info)));
        case 1 -> NODES.numberNode(BigInteger.valueOf(-1).subtract(unsigned(argument(info))));
        case 2 -> NODES.stringNode(Base64.getEncoder().encodeToString(string(info, 2)));
        case 3 -> NODES.stringNode(text(string(info, 3)));
        case 4 -> array(info, depth);
        case 5 -> map(info, depth);
        case 6 -> tagged(argument(info), depth);
        default -> simple(info);
      };
    }

    private JsonNode array(int info, int depth) throws MalformedException {
      ArrayNode array = NODES.arrayNode();
      if (info == 31) {
        for (JsonNode element = item(depth + 1); element != null; element = item(depth + 1)) {
          array.add(element);
        }
        return array;
      }
      long size = argument(info);
      for (long i = 0; i < size; i++) {
        array.add(required(item(depth + 1)));
      }
      return array;
    }

    private JsonNode map(int info, int depth) throws MalformedException {
      ObjectNode map = NODES.objectNode();
      long size = info == 31 ? Long.MAX_VALUE : argument(info);
      for (long i = 0; i < size; i++) {
        JsonNode key = item(depth + 1);
        if (key == null && info == 31) {
          return map;
        }
        if (key == null || !key.isString()) {
          throw new MalformedException("a map key that is not text");
        }
        map.set(key.stringValue(), required(item(depth + 1)));
      }
      return map;
    }

    /** Tag 1 (epoch-based time) is the one Smithy uses; other tags are read through. */
    private JsonNode tagged(long tag, int depth) throws MalformedException {
      JsonNode content = required(item(depth + 1));
      if (tag == 1 && !content.isNumber()) {
        throw new MalformedException("a timestamp that is not a number");
      }
      return content;
    }

    private JsonNode simple(int info) throws MalformedException {
      return switch (info) {
        case 20 -> NODES.booleanNode(false);
        case 21 -> NODES.booleanNode(true);
        case 22, 23 -> NODES.nullNode();
        case 25 -> NODES.numberNode(half((int) uint(2)));
        case 26 -> NODES.numberNode((double) Float.intBitsToFloat((int) uint(4)));
        case 27 -> NODES.numberNode(Double.longBitsToDouble(uint(8)));
        default -> throw new MalformedException("an unassigned simple value");
      };
    }

    private JsonNode required(JsonNode item) throws MalformedException {
      if (item == null) {
        throw new MalformedException("a break where an item must be");
      }
      return item;
    }

    /** A byte or text string, its chunks joined when its length is indefinite. */
    private byte[] string(int info, int major) throws MalformedException {
      if (info != 31) {
        return take(argument(info));
      }
      ByteArrayOutputStream joined = new ByteArrayOutputStream();
      while (true) {
        int initial = next();
        if (initial == 0xff) {
          return joined.toByteArray();
        }
        if (initial >>> 5 != major || (initial & 0x1f) == 31) {
          throw new MalformedException("a chunk of another kind in an indefinite string");
        }
        joined.writeBytes(take(argument(initial & 0x1f)));
      }
    }

    private long argument(int info) throws MalformedException {
      return switch (info) {
        case 24 -> uint(1);
        case 25 -> uint(2);
        case 26 -> uint(4);
        case 27 -> uint(8);
        default -> {
          if (info > 27) {
            throw new MalformedException("a reserved or indefinite length here");
          }
          yield info;
        }
      };
    }

    private long uint(int size) throws MalformedException {
      long value = 0;
      for (int i = 0; i < size; i++) {
        value = (value << 8) | next();
      }
      return value;
    }

    private byte[] take(long length) throws MalformedException {
      if (length < 0 || length > bytes.length - at) {
        throw new MalformedException("truncated");
      }
      byte[] taken = java.util.Arrays.copyOfRange(bytes, at, at + (int) length);
      at += (int) length;
      return taken;
    }

    private int next() throws MalformedException {
      if (at >= bytes.length) {
        throw new MalformedException("truncated");
      }
      return bytes[at++] & 0xff;
    }
  }

  private static BigInteger unsigned(long value) {
    return new BigInteger(Long.toUnsignedString(value));
  }

  private static String text(byte[] utf8) throws MalformedException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(utf8))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedException("text that is not UTF-8");
    }
  }

  /** An IEEE 754 half-precision float (RFC 8949 appendix D). */
  private static double half(int bits) {
    int exponent = (bits >> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    double value;
    if (exponent == 0) {
      value = Math.scalb((double) mantissa, -24);
    } else if (exponent != 31) {
      value = Math.scalb((double) (mantissa + 1024), exponent - 25);
    } else {
      value = mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    }
    return (bits & 0x8000) != 0 ? -value : value;
  }

  private static void value(Object value, ByteArrayOutputStream out) {
    if (value instanceof Map<?, ?> map) {
      long present = map.values().stream().filter(v -> v != null).count();
      head(5, present, out);
      map.forEach(
          (name, field) -> {
            if (field != null) {
              value(name, out);
              value(field, out);
            }
          });
    } else if (value instanceof List<?> list) {
      head(4, list.size(), out);
      list.forEach(element -> value(element, out));
    } else if (value instanceof String text) {
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      head(3, utf8.length, out);
      out.writeBytes(utf8);
    } else if (value instanceof Integer number) {
      head(number < 0 ? 1 : 0, number < 0 ? -1L - number : number, out);
    } else if (value instanceof Double number) {
      doubleValue(number, out);
    } else if (value instanceof Boolean flag) {
      out.write(flag ? 0xf5 : 0xf4);
    } else if (value instanceof Instant time) {
      out.write(0xc1); // tag 1: seconds since the epoch
      doubleValue(BigDecimal.valueOf(time.toEpochMilli(), 3).doubleValue(), out);
    } else {
      throw new IllegalArgumentException("no CBOR form for " + value.getClass());
    }
  }

  private static void doubleValue(double number, ByteArrayOutputStream out) {
    out.write(0xfb);
    long bits = Double.doubleToLongBits(number);
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (bits >>> shift) & 0xff);
    }
  }

  /** The initial byte of a major type with its argument, in the shortest form. */
  private static void head(int major, long argument, ByteArrayOutputStream out) {
    int type = major << 5;
    if (argument < 24) {
      out.write(type | (int) argument);
    } else if (argument < 0x100) {
      out.write(type | 24);
      out.write((int) argument);
    } else if (argument < 0x10000) {
      out.write(type | 25);
      out.write((int) (argument >>> 8));
      out.write((int) argument & 0xff);
    } else if (argument < 0x100000000L) {
      out.write(type | 26);
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.write((int) (argument >>> shift) & 0xff);
      }
    } else {
      out.write(type | 27);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (argument >>> shift) & 0xff);
      }
    }
  }
}
