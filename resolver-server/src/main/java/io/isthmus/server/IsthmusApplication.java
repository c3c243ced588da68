package io.isthmus.server;

import io.isthmus.server.dns.NettyPlatform;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Isthmus node: DNS listeners, the snapshot of the configuration, and the admin API. */
@SpringBootApplication(scanBasePackages = "io.isthmus")
public class IsthmusApplication {
  public static void main(String[] args) {
    NettyPlatform.disableLeakDetectionUnlessAsked();
    SpringApplication.run(IsthmusApplication.class, args);
  }
}
