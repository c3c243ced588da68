package io.isthmus.admin.aws;

import io.isthmus.admin.aws.keys.AwsKeyService;
import io.isthmus.admin.aws.sigv4.SigV4Verifier;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The AWS-compatible API's parts; its listener is added by the application (isthmus.aws.port). */
@Configuration(proxyBeanMethods = false)
class AwsConfiguration {
  @Bean
  AwsListener awsListener() {
    return new AwsListener();
  }

  @Bean
  SigV4Verifier sigV4Verifier(AwsKeyService keys, Clock clock) {
    return new SigV4Verifier(keys::credentials, clock);
  }

  @Bean
  AwsApiFilter awsApiFilter(AwsListener listener, SigV4Verifier verifier) {
    return new AwsApiFilter(listener, verifier);
  }
}
