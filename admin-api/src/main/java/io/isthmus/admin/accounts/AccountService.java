package io.isthmus.admin.accounts;

import io.isthmus.admin.Ids;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.auth.Tokens;
import io.isthmus.admin.paging.Page;
import io.isthmus.admin.paging.PageRequest;
import io.isthmus.admin.paging.Paginator;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.Account;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.FieldError;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * Accounts and their tokens (docs/spec/admin-api.md "Accounts"): the operator's business.
 * Thread-safe.
 */
@Service
public class AccountService {
  private static final Paginator<Account> PAGES =
      Paginator.byId(Account::id, id -> new Account(id, null));

  private final ConfigStore store;

  public AccountService(ConfigStore store) {
    this.store = store;
  }

  /**
   * Creates an account: the operator's call, refused to accounts before the input is looked at.
   *
   * @param requireValid throws InvalidInput when the list of rule errors it is given is not empty
   *     (the REST layer adds the problems of the JSON's shape to them)
   */
  public IssuedToken create(
      Caller caller, AccountSpec spec, Consumer<List<FieldError>> requireValid) {
    caller.requireOperator();
    requireValid.accept(spec.validate());
    String token = Tokens.newToken();
    return store.write(
        w -> {
          if (spec.id() != null && w.account(spec.id()).isPresent()) {
            throw ApiException.conflict("ResourceExists", "Account " + spec.id() + " exists.");
          }
          String id =
              spec.id() != null
                  ? spec.id()
                  : Ids.unique(Ids::accountId, candidate -> w.account(candidate).isPresent());
          Account account = new Account(id, spec.name().trim());
          w.insertAccount(account, Tokens.hash(token));
          return new IssuedToken(account, token);
        });
  }

  public Page<Account> list(Caller caller, PageRequest request) {
    caller.requireOperator();
    return PAGES.page(store.accounts(), request);
  }

  /** Replaces the account's token: the old one stops working with this commit. */
  public IssuedToken rotateToken(Caller caller, String accountId) {
    caller.requireOperator();
    String token = Tokens.newToken();
    return store.write(
        w -> {
          Account account =
              w.account(accountId)
                  .orElseThrow(
                      () ->
                          ApiException.notFound(
                              "ResourceNotFound", "No account with id " + accountId + "."));
          w.updateAccountToken(account.id(), Tokens.hash(token));
          return new IssuedToken(account, token);
        });
  }
}
