package shop;

import io.jwtauth.core.flow.AuthenticatedUser;
import io.jwtauth.filter.JwtAuthFilter;
import java.util.stream.Collectors;
import javax.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The Spring MVC application's own controller: it asks Spring Security who the user is, as it always did, and
 * jwtauth only for what Spring does not keep (the token's user id).
 */
@Controller
public class ShopController {
    @GetMapping(value = "/whoami", produces = "application/json")
    @ResponseBody
    public String whoami(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String authorities = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted()
                .collect(Collectors.joining(","));
        String userId = JwtAuthFilter.currentUser(request).map(AuthenticatedUser::userId).orElse("");
        return "{\"user\":\"" + authentication.getName() + "\",\"authorities\":\"" + authorities + "\",\"remoteUser\":\""
                + request.getRemoteUser() + "\",\"manager\":" + request.isUserInRole("manager") + ",\"userId\":\"" + userId + "\"}";
    }

    @GetMapping(value = "/admin/report", produces = "application/json")
    @ResponseBody
    public String report() {
        return "{\"report\":\"quarterly\"}";
    }
}
