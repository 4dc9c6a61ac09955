<%@ page contentType="text/html;charset=UTF-8" %><!DOCTYPE html>
<html><head><title>Legacy login</title></head><body>
<h1>Sign in to the legacy app</h1>
<form method="post" action="<%= request.getContextPath() %>/j_security_check">
  <label>User <input name="j_username"></label>
  <label>Password <input name="j_password" type="password"></label>
  <button type="submit">Sign in</button>
</form>
</body></html>
