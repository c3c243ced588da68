package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real AWS CLI (and any other program, such as python3 with boto3) run against a node's
 * AWS-compatible API with nothing but the endpoint and a key pair: no AWS configuration or
 * credentials file of the machine, no instance metadata, no pager.
 */
final class AwsCli {
  /** What a program did: its exit code and its output. */
  record Run(int exitCode, String out, String err) {}

  private final int awsPort;
  private final Path scratch;

  /**
   * @param scratch a folder for the missing configuration files the CLI is pointed at
   */
  AwsCli(int awsPort, Path scratch) {
    this.awsPort = awsPort;
    this.scratch = scratch;
  }

  String endpoint() {
    return "http://127.0.0.1:" + awsPort;
  }

  Run run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
    builder.environment().put("AWS_CONFIG_FILE", scratch.resolve("no-config").toString());
    builder
        .environment()
        .put("AWS_SHARED_CREDENTIALS_FILE", scratch.resolve("no-credentials").toString());
    builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    builder.environment().put("AWS_PAGER", ""); // CLI v2 would page its output
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(
        process.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  /** {@code aws ARGS} in us-east-1 with JSON output, signed with the given key pair. */
  Run aws(String keyId, String secret, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("aws"));
    command.addAll(List.of(args));
    command.addAll(
        List.of("--endpoint-url", endpoint(), "--region", "us-east-1", "--output", "json"));
    return run(
        Map.of("AWS_ACCESS_KEY_ID", keyId, "AWS_SECRET_ACCESS_KEY", secret),
        command.toArray(String[]::new));
  }
}
