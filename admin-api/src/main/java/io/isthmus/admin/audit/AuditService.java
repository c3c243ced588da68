package io.isthmus.admin.audit;

import io.isthmus.admin.Ids;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.paging.Page;
import io.isthmus.admin.paging.PageRequest;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.AuditRecord;
import io.isthmus.config.AuditStore;
import io.isthmus.config.FieldError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Reads the audit trail. The operator reads every record, optionally those of one account; an
 * account reads the records of its own calls only. An account naming another account is denied (403
 * AccessDenied) whether or not that account exists, so the answer reveals nothing, and asking for
 * other callers' records is an operator's call, not a resource the account cannot see. Pages are in
 * the order the records were appended; the token is the sequence number of the last record of the
 * page. Stateless and thread-safe.
 */
@Service
class AuditService {
  private final AuditStore store;

  AuditService(AuditStore store) {
    this.store = store;
  }

  Page<AuditRecord> list(
      Caller caller, String since, String accountId, String maxItems, String nextToken) {
    List<FieldError> errors = new ArrayList<>();
    Instant from = null;
    if (since != null && !since.isBlank()) {
      try {
        from = Instant.parse(since.trim());
      } catch (DateTimeParseException e) {
        errors.add(new FieldError("since", "must be an ISO-8601 UTC time"));
      }
    }
    String account = accountId == null || accountId.isBlank() ? null : accountId.trim();
    if (account != null && !Ids.isAccountId(account)) {
      errors.add(new FieldError("accountId", "must be 12 digits"));
    }
    PageRequest page = PageRequest.parse(maxItems, nextToken, errors);
    long after = page.nextToken() == null ? 0 : decode(page.nextToken(), errors);
    if (!errors.isEmpty()) {
      throw ApiException.invalidInput(errors);
    }
    if (!caller.isOperator()) {
      String own = caller.account().id();
      if (account != null && !account.equals(own)) {
        throw ApiException.accessDenied(
            "An account reads only the audit records of its own calls.");
      }
      account = own;
    }
    List<AuditRecord> records = store.find(after, from, account, page.maxItems() + 1);
    if (records.size() <= page.maxItems()) {
      return new Page<>(records, null);
    }
    List<AuditRecord> items = records.subList(0, page.maxItems());
    return new Page<>(items, encode(items.get(items.size() - 1).sequence()));
  }

  private static String encode(long sequence) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Long.toString(sequence).getBytes(StandardCharsets.US_ASCII));
  }

  private static long decode(String token, List<FieldError> errors) {
    try {
      long sequence =
          Long.parseLong(
              new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII));
      if (sequence >= 0) {
        return sequence;
      }
    } catch (IllegalArgumentException e) { // bad base64 or not a number
      // reported below
    }
    errors.add(new FieldError("nextToken", "not a token of this list"));
    return 0;
  }
}
