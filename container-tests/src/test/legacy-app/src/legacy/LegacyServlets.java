package legacy;

import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** The legacy application's own servlets: they know the servlet API and nothing else. */
public final class LegacyServlets {
    private LegacyServlets() {
    }

    /** GET /api/orders: any signed-in user. */
    public static final class Orders extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json;charset=UTF-8");
            response.getWriter().write("{\"user\":\"" + request.getRemoteUser() + "\",\"manager\":" + request.isUserInRole("manager") + "}");
        }
    }

    /** GET /api/admin/audit: the README's role rule lets only Administrators in. */
    public static final class Audit extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json;charset=UTF-8");
            response.getWriter().write("{\"audit\":\"ok\",\"by\":\"" + request.getRemoteUser() + "\"}");
        }
    }
}
