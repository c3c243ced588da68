/**
 * Addresses as the API takes them: ip:port literals of endpoints, forwarding targets and VPC
 * resolvers, and which of them the configuration already listens on. Below both the VPC and the
 * endpoint packages, which use them.
 */
package io.isthmus.admin.addresses;
