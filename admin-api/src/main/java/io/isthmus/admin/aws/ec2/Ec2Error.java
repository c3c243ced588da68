package io.isthmus.admin.aws.ec2;

/**
 * An EC2 error: its code (EC2's own, such as {@code InvalidVpcID.NotFound}) and message. EC2
 * answers them with status 400, in the {@code <Response><Errors>} shape of {@link Ec2Api#error}.
 */
final class Ec2Error extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;

  Ec2Error(String code, String message) {
    super(message);
    this.code = code;
  }

  String code() {
    return code;
  }
}
