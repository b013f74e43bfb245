import { openDefaultDatabase } from "./client.server";

const database = await openDefaultDatabase();
await database.migrate();
await database.close();
console.log(`Đã cập nhật cấu trúc cơ sở dữ liệu (${database.driver}).`);
