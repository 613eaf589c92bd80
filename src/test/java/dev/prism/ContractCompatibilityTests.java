package dev.prism;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Proves the partner contract check fails on breaking changes and passes on additions. */
class ContractCompatibilityTests {

	private static final String RELEASED = """
			openapi: 3.1.0
			info: {title: partner, version: v1}
			paths:
			  /partner/api/v1/products/{sku}:
			    get:
			      operationId: product
			      parameters:
			        - {name: sku, in: path, required: true, schema: {type: string}}
			        - {name: include, in: query, required: false, schema: {type: string}}
			      responses:
			        '200':
			          description: ok
			          content:
			            application/json:
			              schema: {$ref: '#/components/schemas/Product'}
			  /partner/api/v1/availability:
			    get:
			      operationId: availability
			      responses:
			        '200': {description: ok}
			components:
			  schemas:
			    Product:
			      type: object
			      properties:
			        sku: {type: string}
			        name: {type: string}
			""";

	@Test
	void anIdenticalContractIsCompatible() {
		assertThat(ContractCompatibility.breakingChanges(RELEASED, RELEASED)).isEmpty();
	}

	@Test
	void addingAnEndpointAFieldOrAnOptionalParameterIsCompatible() {
		String added = RELEASED.replace("""
				        name: {type: string}
				""", """
				        name: {type: string}
				        brand: {type: string}
				""").replace("""
				  /partner/api/v1/availability:
				""", """
				  /partner/api/v1/orders/{id}:
				    get:
				      operationId: order
				      parameters:
				        - {name: id, in: path, required: true, schema: {type: string}}
				      responses:
				        '200': {description: ok}
				  /partner/api/v1/availability:
				""");
		assertThat(added).isNotEqualTo(RELEASED);
		assertThat(ContractCompatibility.breakingChanges(RELEASED, added)).isEmpty();
	}

	@Test
	void removingAnEndpointBreaksTheContract() {
		String removed = RELEASED.replace("""
				  /partner/api/v1/availability:
				    get:
				      operationId: availability
				      responses:
				        '200': {description: ok}
				""", "");
		assertThat(ContractCompatibility.breakingChanges(RELEASED, removed)).isNotEmpty();
	}

	@Test
	void removingAResponseFieldBreaksTheContract() {
		String removed = RELEASED.replace("""
				        name: {type: string}
				""", "");
		assertThat(ContractCompatibility.breakingChanges(RELEASED, removed)).isNotEmpty();
	}

	@Test
	void makingAParameterRequiredBreaksTheContract() {
		String required = RELEASED.replace("{name: include, in: query, required: false",
				"{name: include, in: query, required: true");
		assertThat(ContractCompatibility.breakingChanges(RELEASED, required)).isNotEmpty();
	}

}
