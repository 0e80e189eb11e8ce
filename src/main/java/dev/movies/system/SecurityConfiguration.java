package dev.movies.system;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.filter.CorsFilter;

import tools.jackson.databind.ObjectMapper;

/**
 * Who may do what. Reads are open to everyone; so is {@code POST /api/recommendations},
 * which only carries a query in its body. Every other method on every path is an admin
 * operation and needs {@code Authorization: Bearer <ADMIN_API_KEY>}: deny by default, so
 * an admin endpoint added later is protected without touching this class. Among the reads
 * only the embedding backfill's status, {@code /api/admin/**} and the health endpoint's
 * details are for the admin.
 * <p>
 * The rules match the path Spring MVC routes ({@code PathPatternRequestMatcher}, actuator
 * through {@link EndpointRequest}), and the strict firewall refuses the spellings that
 * could make the two disagree (encoded slashes or periods, {@code ;} parameters,
 * {@code //}, dot segments) with a 400.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, AdminKeyAuthenticationProvider keys,
			RequestLimitsProperties limits, ObjectMapper json) throws Exception {
		ProblemResponses problems = new ProblemResponses(json);
		http.authorizeHttpRequests((requests) -> requests
			// the container's error page for a request that failed elsewhere: its status
			// is kept
			.dispatcherTypeMatchers(DispatcherType.ERROR)
			.permitAll()
			.requestMatchers(EndpointRequest.to("embeddings"))
			.hasRole(AdminKeyAuthentication.ROLE)
			.requestMatchers("/api/admin/**")
			.hasRole(AdminKeyAuthentication.ROLE)
			.requestMatchers(HttpMethod.POST, "/api/recommendations")
			.permitAll()
			.requestMatchers(HttpMethod.GET)
			.permitAll()
			.requestMatchers(HttpMethod.HEAD)
			.permitAll()
			.requestMatchers(HttpMethod.OPTIONS)
			.permitAll()
			.anyRequest()
			.hasRole(AdminKeyAuthentication.ROLE));
		http.addFilterBefore(new AdminKeyAuthenticationFilter(new ProviderManager(keys)),
				AnonymousAuthenticationFilter.class);
		// after authorization: only requests that may run are measured, and admin ones
		// are exempt
		http.addFilterAfter(new RequestLimitsFilter(limits, problems), AuthorizationFilter.class);
		http.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		// CSRF forges a browser's ambient credentials (cookies, basic auth). This API has
		// none: the admin key travels in a header a page on another origin can neither
		// read nor make a browser attach, and no session exists. So a CSRF token would
		// protect nothing and break every client.
		http.csrf(AbstractHttpConfigurer::disable);
		http.httpBasic(AbstractHttpConfigurer::disable);
		http.formLogin(AbstractHttpConfigurer::disable);
		http.logout(AbstractHttpConfigurer::disable);
		http.requestCache(AbstractHttpConfigurer::disable);
		// The MVC CORS mappings (CorsConfiguration) apply here, before authorization: a
		// refusal carries the CORS headers a browser needs to read it, and a foreign
		// origin gets the same problem+json as from MVC.
		http.cors(Customizer.withDefaults());
		http.headers((headers) -> headers.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
		http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint(keys, problems))
			.accessDeniedHandler(accessDenied(problems)));
		DefaultSecurityFilterChain chain = http.build();
		chain.getFilters()
			.stream()
			.filter(CorsFilter.class::isInstance)
			.forEach((filter) -> ((CorsFilter) filter).setCorsProcessor(new ProblemCorsProcessor()));
		return chain;
	}

	/**
	 * No observations of the filter chain and of each authorization: every request would
	 * start one per security filter and per decision, each counted into meters that
	 * nobody reads (about an eighth of the CPU of a similarity recommendation in a
	 * profile under load). Requests are still observed once, as
	 * {@code http.server.requests}.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * 401 with a Bearer challenge; 403 while no admin key is configured (no key could
	 * succeed).
	 */
	private static AuthenticationEntryPoint entryPoint(AdminKeyAuthenticationProvider keys, ProblemResponses problems) {
		return (request, response, exception) -> {
			if (!keys.enabled()) {
				problems.write(request, response, HttpStatus.FORBIDDEN, "Forbidden",
						"Admin operations are disabled: set ADMIN_API_KEY on the service to enable them");
				return;
			}
			boolean rejected = request.getAttribute(AdminKeyAuthenticationFilter.REJECTED) != null;
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, rejected ? "Bearer error=\"invalid_token\"" : "Bearer");
			problems.write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized",
					rejected ? "The admin API key is not valid"
							: "This operation requires 'Authorization: Bearer <ADMIN_API_KEY>'");
		};
	}

	private static AccessDeniedHandler accessDenied(ProblemResponses problems) {
		return (request, response, exception) -> problems.write(request, response, HttpStatus.FORBIDDEN, "Forbidden",
				"This operation is not allowed");
	}

	/**
	 * The strict firewall's refusals (encoded {@code /}, {@code .} or {@code %},
	 * {@code ;}, {@code //}, dot segments, odd methods or header bytes) as a 400
	 * problem+json instead of a bare status.
	 */
	@Bean
	RequestRejectedHandler requestRejectedHandler(ObjectMapper json) {
		ProblemResponses problems = new ProblemResponses(json);
		return (request, response, exception) -> problems.write(request, response, HttpStatus.BAD_REQUEST,
				"Bad Request", "The request was refused: " + exception.getMessage());
	}

}
