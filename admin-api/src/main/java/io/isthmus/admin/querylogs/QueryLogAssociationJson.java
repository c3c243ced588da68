package io.isthmus.admin.querylogs;

import io.isthmus.config.QueryLogAssociation;

/**
 * A query-logging association as JSON: {@code {"id","resolverQueryLogConfigId","vpcId","status"}};
 * {@code status} is always ACTIVE (Route 53's word), the association taking effect with its write.
 */
record QueryLogAssociationJson(
    String id, String resolverQueryLogConfigId, String vpcId, String status) {
  static final String ACTIVE = "ACTIVE";

  static QueryLogAssociationJson of(QueryLogAssociation association) {
    return new QueryLogAssociationJson(
        association.id(), association.configId(), association.vpcId(), ACTIVE);
  }
}
