package dev.prism.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.actuate.endpoint.web.WebMvcEndpointHandlerMapping;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.converter.xml.Jaxb2RootElementHttpMessageConverter;
import org.springframework.modulith.core.util.ApplicationModulesExporter;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.prism.testing.TestTokens;

/**
 * How the running edge is tuned for throughput (bench/README.md), each setting kept from drifting back to the default:
 * controllers asked before the actuator, no JAXB converter, controllers without validation proxies, Tomcat keeping
 * connections, in-flight gauges instead of long-task timers, observations of authentications only, and the module
 * structure read from the committed description rather than computed at start-up.
 */
class PlatformTuningTests extends PlatformEndToEndTestSupport {

	@Autowired
	DispatcherServlet dispatcher;

	@Autowired
	WebServerApplicationContext context;

	@Test
	void channelRequestsReachTheControllersBeforeTheActuatorAndNoControllerShadowsAnEndpoint() throws Exception {
		assertThat(get("/actuator/health").statusCode()).isEqualTo(200);   // the dispatcher has its mappings now
		List<HandlerMapping> mappings = this.dispatcher.getHandlerMappings();
		HandlerMapping controllers = mappings.stream()
			.filter(mapping -> mapping.getClass() == RequestMappingHandlerMapping.class)
			.findFirst()
			.orElseThrow();
		HandlerMapping endpoints = mappings.stream()
			.filter(WebMvcEndpointHandlerMapping.class::isInstance)
			.findFirst()
			.orElseThrow();

		assertThat(mappings.indexOf(controllers)).isLessThan(mappings.indexOf(endpoints));
		assertThat(((RequestMappingHandlerMapping) controllers).getHandlerMethods().keySet())
			.flatExtracting(info -> List.copyOf(info.getPatternValues()))
			.isNotEmpty()
			.noneMatch(pattern -> pattern.startsWith("/actuator"));
	}

	@Test
	void springMvcWritesJsonWithoutAskingAnXmlConverterFirst() {
		var adapter = this.context.getBean(RequestMappingHandlerAdapter.class);
		assertThat(adapter.getMessageConverters()).anyMatch(JacksonJsonHttpMessageConverter.class::isInstance)
			.noneMatch(Jaxb2RootElementHttpMessageConverter.class::isInstance);
	}

	@Test
	void controllersAreNotProxiedForValidationSpringMvcValidatesTheirParameters() {
		var controllers = this.context.getBeansWithAnnotation(RestController.class)
			.values()
			.stream()
			.filter(bean -> AopUtils.getTargetClass(bean).getName().startsWith("dev.prism."))
			.toList();
		assertThat(controllers).hasSizeGreaterThan(5).noneMatch(AopUtils::isAopProxy);
	}

	@Test
	void connectionsAreKeptForTenThousandRequestsNotTomcatsHundred() {
		var tomcat = (TomcatWebServer) this.context.getWebServer();
		assertThat(tomcat.getTomcat().getConnector().getProperty("maxKeepAliveRequests")).isEqualTo(10000);
	}

	@Test
	void requestsInFlightAreAGaugePerChannelNotALongTaskTimerPerObservation() throws Exception {
		get("/web/api/anything");
		String metrics = get("/actuator/prometheus", "Authorization", admin()).body();
		for (String channel : new String[] { "web", "mobile", "partner" }) {
			// The scrape itself is not a channel request: nothing is in flight on any channel.
			assertThat(metrics).containsPattern(
					"prism_channel_requests_in_flight\\{[^}]*channel=\"" + channel + "\"[^}]*\\} 0\\.0");
		}
		assertThat(metrics).contains("http_server_requests_seconds_count").doesNotContain("http_server_requests_active");
	}

	@Test
	void authenticationsAreObservedButNotEveryAuthorizationOrFilterOfEveryChain() throws Exception {
		get("/partner/api/v1/availability?skus=SKU-1001");
		get("/mobile/api/me", "Authorization", TestTokens.bearer("not-a-token"));
		get("/actuator/metrics", "Authorization", admin());
		String metrics = get("/actuator/prometheus", "Authorization", admin()).body();
		assertThat(metrics).contains("spring_security_authentications_seconds_count")
			.doesNotContain("spring_security_authorizations")
			.doesNotContain("spring_security_filterchains");
	}

	@Test
	void theModuleStructureIsServedFromTheCommittedDescription() throws Exception {
		// Not computed by an ArchUnit import of the whole class path while the application starts; ModularityTests
		// keeps the committed description current.
		assertThat(get("/actuator/modulith", "Authorization", admin()).body())
			.isEqualTo(new ClassPathResource(ApplicationModulesExporter.DEFAULT_LOCATION)
				.getContentAsString(StandardCharsets.UTF_8));
	}

}
