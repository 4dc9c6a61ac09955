<%@ page contentType="text/html;charset=UTF-8" %><!DOCTYPE html>
<html><head><title>Login failed</title></head><body>
<h1>Login failed</h1>
<p>The user name or password is not valid. <a href="<%= request.getContextPath() %>/account/whoami.jsp">Try again</a>.</p>
</body></html>
