package io.isthmus.admin.aws.ram;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of an ARN, {@code arn:<partition>:<service>:<region>:<account>:<resource>}: what RAM
 * reads of the ARNs it is given before it looks at their service. Immutable.
 */
record Arn(String partition, String service, String region, String accountId, String resource) {
  private static final Pattern SHAPE =
      Pattern.compile("arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-]*):([0-9]*):(.+)");

  /**
   * @throws RamError MalformedArnException if {@code text} is not an ARN
   */
  static Arn parse(String text) {
    Matcher m = SHAPE.matcher(text);
    if (!m.matches()) {
      throw RamError.malformedArn(text);
    }
    return new Arn(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5));
  }
}
