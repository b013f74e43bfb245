import { openDefaultDatabase } from "./client.server";
import { isEmpty, seedDemo } from "./seed-runner";

const database = await openDefaultDatabase();
await database.migrate();
if (await isEmpty(database.db)) {
  await seedDemo(database.db);
  console.log("Đã tạo dữ liệu mẫu.");
} else {
  console.log("Cơ sở dữ liệu đã có dữ liệu: không tạo lại dữ liệu mẫu.");
}
await database.close();
