package io.isthmus.admin.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.isthmus.config.FieldError;
import java.util.List;

/**
 * The RFC 9457 problem document of every error response. {@code type} is left out, which RFC 9457
 * section 4.2.1 reads as "about:blank", so {@code title} is the HTTP status phrase; {@code code} is
 * the stable machine-readable error code and {@code errors} lists every field problem (empty when
 * the error is not about fields), so clients need not branch on whether it is present.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String title,
    int status,
    String detail,
    String instance,
    String code,
    List<FieldError> errors) {}
