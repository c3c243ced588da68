package io.isthmus.admin.aws.resolver;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.aws.resolver.ResolverArns.Arn;
import io.isthmus.admin.aws.resolver.ResolverArns.Kind;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.admin.rules.RuleService;
import io.isthmus.admin.rules.RuleShare;
import io.isthmus.admin.rules.RuleShareService;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.ResolverRule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A resolver rule's resource policy (PutResolverRulePolicy, GetResolverRulePolicy), which AWS RAM
 * writes when it shares a rule: here it is read as the list of accounts the rule is shared with
 * ({@link RuleShareService}). Every principal of an Allow statement is shared with; an account no
 * longer named is unshared, which ends its associations. Only the actions an account a rule is
 * shared with may take can be granted, and they are granted together.
 */
final class ResolverRulePolicies {
  /** What a rule shared through AWS RAM lets the other account do, the only grants served. */
  static final List<String> ACTIONS =
      List.of(
          "route53resolver:GetResolverRule",
          "route53resolver:AssociateResolverRule",
          "route53resolver:DisassociateResolverRule",
          "route53resolver:ListResolverRules",
          "route53resolver:ListResolverRuleAssociations");

  private static final Pattern PRINCIPAL =
      Pattern.compile("(?:arn:aws:iam::)?([0-9]{12})(?::root)?");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ConfigReader store;
  private final RuleService rules;
  private final RuleShareService shares;

  ResolverRulePolicies(ConfigReader store, RuleService rules, RuleShareService shares) {
    this.store = store;
    this.rules = rules;
    this.shares = shares;
  }

  ObjectNode put(Caller caller, ResolverRequest request) {
    ResolverRule rule = rule(caller, request.required("Arn"));
    List<String> current = sharedWith(caller, rule);
    Set<String> wanted = accounts(request.required("ResolverRulePolicy"), rule);
    try {
      for (String account : wanted) {
        if (!current.contains(account)) {
          shares.share(caller, rule.id(), account, ResolverRules::requireValid);
        }
      }
      for (String account : current) {
        if (!wanted.contains(account)) {
          shares.unshare(caller, rule.id(), account);
        }
      }
    } catch (ApiException e) {
      throw unknownResource(e);
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("ReturnValue", true);
    return out;
  }

  ObjectNode get(Caller caller, ResolverRequest request) {
    ResolverRule rule = rule(caller, request.required("Arn"));
    List<String> accounts = sharedWith(caller, rule);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (accounts.isEmpty()) {
      return out;
    }
    ObjectNode policy = JsonNodeFactory.instance.objectNode();
    policy.put("Version", "2012-10-17");
    ObjectNode statement = policy.putArray("Statement").addObject();
    statement.put("Effect", "Allow");
    ArrayNode principals = statement.putObject("Principal").putArray("AWS");
    accounts.forEach(account -> principals.add("arn:aws:iam::" + account + ":root"));
    ArrayNode actions = statement.putArray("Action");
    ACTIONS.forEach(actions::add);
    statement.putArray("Resource").add(arn(rule));
    out.put("ResolverRulePolicy", policy.toString());
    return out;
  }

  private static String arn(ResolverRule rule) {
    return ResolverArns.rule(rule.region(), rule.ownerId(), rule.id());
  }

  /** The rule the ARN names, if the caller may see it: UnknownResourceException otherwise. */
  private ResolverRule rule(Caller caller, String text) {
    Arn arn =
        ResolverArns.parse(text)
            .filter(parsed -> parsed.kind() == Kind.RULE)
            .orElseThrow(
                () ->
                    ResolverException.invalidParameter(
                        "Arn " + text + " is not the ARN of a resolver rule."));
    try {
      return rules.get(caller, arn.id()).rule();
    } catch (ApiException e) {
      throw unknownResource(e);
    }
  }

  /** The accounts the rule is shared with; only its owner may see them (AccessDeniedException). */
  private List<String> sharedWith(Caller caller, ResolverRule rule) {
    try {
      return ResolverListing.all(page -> shares.shares(caller, rule.id(), () -> page)).stream()
          .map(RuleShare::accountId)
          .toList();
    } catch (ApiException e) {
      throw unknownResource(e);
    }
  }

  /** The model names a rule that cannot be found UnknownResourceException in these calls. */
  private static ResolverException unknownResource(ApiException e) {
    ResolverException translated = ResolverErrors.of(e);
    return translated.code().equals("ResourceNotFoundException")
        ? new ResolverException(400, "UnknownResourceException", translated.getMessage())
        : translated;
  }

  /**
   * The accounts a policy shares the rule with.
   *
   * @throws ResolverException InvalidPolicyDocument for anything but Allow statements granting the
   *     shared-rule actions on this rule to existing accounts other than its owner
   */
  private Set<String> accounts(String document, ResolverRule rule) {
    JsonNode policy;
    try {
      policy = JSON.readTree(document);
    } catch (JacksonException e) {
      throw invalid("The policy is not JSON.");
    }
    if (policy == null || !policy.isObject() || !policy.has("Statement")) {
      throw invalid("The policy must be an object with a Statement.");
    }
    Set<String> accounts = new LinkedHashSet<>();
    for (JsonNode statement : list(policy.get("Statement"), "Statement")) {
      if (!statement.isObject()) {
        throw invalid("Each statement must be an object.");
      }
      if (!"Allow".equals(text(statement.get("Effect")))) {
        throw invalid("Only statements with Effect Allow are served.");
      }
      for (String action : strings(statement.get("Action"), "Action")) {
        if (!ACTIONS.contains(action)) {
          throw invalid(
              "The action "
                  + action
                  + " cannot be granted; only "
                  + String.join(", ", ACTIONS)
                  + ".");
        }
      }
      if (statement.has("Resource")) {
        for (String resource : strings(statement.get("Resource"), "Resource")) {
          boolean thisRule =
              ResolverArns.parse(resource)
                  .filter(arn -> arn.kind() == Kind.RULE && arn.id().equals(rule.id()))
                  .isPresent();
          if (!thisRule) {
            throw invalid("The resource " + resource + " is not " + arn(rule) + ".");
          }
        }
      }
      JsonNode principal = statement.get("Principal");
      if (principal == null || !principal.isObject() || !principal.has("AWS")) {
        throw invalid("Each statement needs a Principal with AWS accounts.");
      }
      for (String named : strings(principal.get("AWS"), "Principal.AWS")) {
        accounts.add(account(named, rule));
      }
    }
    return accounts;
  }

  private String account(String principal, ResolverRule rule) {
    Matcher m = PRINCIPAL.matcher(principal);
    if (!m.matches()) {
      throw invalid(
          "The principal " + principal + " is not an account (arn:aws:iam::ID:root or ID).");
    }
    String account = m.group(1);
    if (store.account(account).isEmpty()) {
      throw invalid("The principal " + principal + " is not an account of this Isthmus.");
    }
    if (account.equals(rule.ownerId())) {
      throw invalid("The principal " + principal + " owns the rule.");
    }
    return account;
  }

  private static List<JsonNode> list(JsonNode node, String member) {
    List<JsonNode> elements = new ArrayList<>();
    if (node != null && node.isArray()) {
      node.forEach(elements::add);
    } else if (node != null) {
      elements.add(node);
    }
    if (elements.isEmpty()) {
      throw invalid(member + " must not be empty.");
    }
    return elements;
  }

  private static List<String> strings(JsonNode node, String member) {
    List<String> strings = new ArrayList<>();
    for (JsonNode element : list(node, member)) {
      String text = text(element);
      if (text == null) {
        throw invalid(member + " must be a string or a list of strings.");
      }
      strings.add(text);
    }
    return strings;
  }

  private static String text(JsonNode node) {
    return node != null && node.isString() ? node.stringValue() : null;
  }

  private static ResolverException invalid(String message) {
    return new ResolverException(400, "InvalidPolicyDocument", message);
  }
}
