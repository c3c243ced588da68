package io.isthmus.admin.web;

import io.isthmus.admin.problem.ApiException;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers any {@code /v1} path no other mapping serves, after authentication, with a problem+json
 * 404 instead of the servlet container's error page. As the least specific mapping it also takes a
 * known path with a method it does not support.
 */
@Hidden
@RestController
class UnknownPathController {

  @RequestMapping("/v1/**")
  void unknown() {
    throw ApiException.notFound("ResourceNotFound", "No such resource or method in the v1 API.");
  }
}
